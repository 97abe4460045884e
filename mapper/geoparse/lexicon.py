"""Word lists that tell place names from people, organisations and ordinary words.

Written by us from general knowledge of English news style; no list is tied to a corpus.
"""

from __future__ import annotations


def _words(text: str) -> list[str]:
    return text.split()


# Lower-case words allowed inside a multi-word place name ("Ain al Asad", "Dar es Salaam",
# "Stratford upon Avon", "Isle of Man").
PARTICLES: frozenset[str] = frozenset(
    _words(
        """
    al el ez es ad ar as at ash az ul un adh an bin ibn bint abu of the upon on under la
    le les de du des da di do dos das del della van von der den y sur en and am im zum
    zur bu
    """
    )
)

# Titles and honorifics: a capitalised word right after one names a person ("Mr. Jordan",
# "Gen. Mosul" never happens, but "Sen. Georgia Smith" does).
PERSON_TITLES: frozenset[str] = frozenset(
    _words(
        """
    mr mrs ms miss dr sir dame lady lord sen senator rep representative gov governor
    president pres gen general col colonel lt lieutenant sgt sergeant capt captain cpl
    corporal pvt private maj major adm admiral cmdr commander judge justice officer det
    detective deputy sheriff mayor chief coach prof professor rev reverend father
    brother sister pastor bishop imam sheikh king queen prince princess pope saint
    secretary minister premier chancellor ambassador spokesman spokeswoman spokesperson
    agent trooper councilman councilwoman commissioner superintendent attorney jr sr
    mister madam dj st
    """
    )
) - {"st"}

# Words that, right after a place name, make the whole a name of something else
# ("Washington Institute", "Camp David Accords", "Georgia Tech", "Gainesville Police").
ORGANISATION_WORDS: frozenset[str] = frozenset(
    _words(
        """
    institute institution university college school academy accords accord agreement
    treaty convention protocol times post news herald journal tribune gazette telegraph
    chronicle daily weekly magazine press review observer sun star globe standard
    examiner inquirer register courier record bulletin dispatch mail express network
    radio tv television channel broadcasting company co corp corporation inc ltd llc
    group holdings bank partners associates foundation fund trust society association
    federation union league club team fc united rangers athletic athletics party council
    committee commission board authority agency bureau office department dept ministry
    police sheriff sheriffs fire rescue court tribunal senate assembly parliament
    congress house hall church cathedral mosque temple synagogue hospital clinic medical
    health center centre museum library zoo stadium arena theatre theater hotel
    restaurant mall market airlines airways air railway railroad rail motors energy oil
    gas electric power water utilities telecom systems technologies tech software
    pharmaceuticals labs laboratories studios records pictures films productions
    entertainment media communications brigade brigades battalion regiment division
    corps army navy guard guards forces militia movement front organization organisation
    network declaration summit conference talks process plan initiative act bill law
    code declaration statement street st road rd avenue ave drive dr boulevard blvd lane
    ln way parkway pkwy highway hwy route circle court ct place pl terrace trail pike
    square plaza bridge tunnel building tower towers apartments high elementary middle
    state declaration times-picayune
    """
    )
)

# Capitalised words that, right before a place name, belong to a larger name or a person
# ("Michael Jordan" is handled by the capitalised-neighbour rule; these are the exceptions
# that stay places: "Northern Virginia", "Greater London", "Lake Erie", "Mount Hermon").
PLACE_QUALIFIERS: frozenset[str] = frozenset(
    _words(
        """
    north south east west northern southern eastern western central northeast northwest
    southeast southwest northeastern northwestern southeastern southwestern upper lower
    greater inner outer downtown uptown midtown metropolitan metro rural urban coastal
    lake mount mt fort ft port cape gulf bay sea river isle island islands new old
    occupied rural suburban interior
    """
    )
)

# Words right before a name that mark where something is or happens.
LOCATIVE_WORDS: frozenset[str] = frozenset(
    _words(
        """
    in at near from to into across throughout outside inside around toward towards via
    through within of between nearby
    """
    )
)

# Ordinary English words that are also names of small places ("Hit", "Mobile", "Reading").
# Capitalised mid-sentence they are places only with support: a locative word before them,
# ", <state or country>" after them, or another mention of the same place in the document.
COMMON_WORDS: frozenset[str] = frozenset(
    _words(
        """
    a about above after again against all also always am an and any are around as ask at
    away back bad bar base bath battle bay be beach bear because bed been before begin
    being bell best better between big bill black blue boat body bond born both box boy
    brain branch bridge bright bring broad brook brown build burn bush business but buy
    by call calm camp can cap capital car care carry case cash castle cat center central
    chance change charge check child church city clay clear close club coal coast cold
    come common cook cool copper corn cost could country course court cover cross crown
    cup cut dale dam date day dead deal dear deep deer dell deposit desire diamond do
    does door double down drain draw dream drive drop dry due during each early earth
    east easy edge eight elm end energy even ever every eye fair faith fall false family
    far farm fast father fear feather few field fine fire first fish five flat flint
    flower fly follow for force ford forest fork form fort forth fortune forward four
    fox free fresh friend friendship from front full fun gap garden gate general gift
    give glad glen go gold golden good grace grand grant grass gray great green grove
    grow guard guide gulf had half hall hand happy harbor hard harmony harvest has have
    haven hay he head hear heart heaven help her here hero hidden high hill his hit hold
    hole holly home honor hook hope horn horse hot house how hull hunt i if in
    independence industry iron is island it joy just keep key kind king lake land lane
    large last late law lead leader least left less liberty life light like lime line
    lion little live long look lost love low lucky luck made main make man many march
    marine mark market may me mercy middle might mill mine mission mobile money moon
    more most mount mountain much must my nation natural near need never new news nice
    night nine no none normal north not nothing now number oak oasis of off office often
    oil ok old on once one only open or orange order other our out over own page palm
    paradise park part pass path peace pearl people pine plain plan plant plate play
    pleasant point police pond pool poor port post power press pride prime promise
    prospect pure quarry queen quest rain range ranch reading ready real record red rest
    rich ridge right ring rise river road rock room root rose round royal rule run rush
    safe said saint salt same sand save say school sea second see seven shade shadow
    shell shore short should show side silver simple since six sky small snow so soda
    some south speed spring springs square star start state station steel stone story
    strong such sugar summit sun sunrise sunset sure surprise sweet table take tell
    temple ten than that the their them then there these they thing this three through
    tide time to today top tower town trade trail tree trinity true trust try turn two
    union unity up upon us use valley van very victory view village vine visit wait walk
    wall want war warm was water way we well were west what when where which while white
    who why wild will win wind window winter with wood word work world would yard year
    yes you young federal superior human art delta liberal lot tour den nor national
    republic democrat independent conservative labor labour justice freedom hospital
    progress welcome fame bus dome riding
    """
    )
)

# Month and day names: never places on their own ("March", "May", "Sunday").
CALENDAR_WORDS: frozenset[str] = frozenset(
    _words(
        """
    january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday
    thursday friday saturday sunday mon tue tues wed thu thurs fri sat sun christmas
    easter
    """
    )
)

# Capitalised words that start sentences or headlines and are never places on their own.
FUNCTION_WORDS: frozenset[str] = frozenset(
    _words(
        """
    a an the this that these those he she it they we i you his her its their our my your
    but and or so if then when while after before since because although though as at by
    for from in into of off on onto out over to under up upon with without about there
    here what which who whom whose why how all any each every no not some such also only
    just even still yet again more most many much few other another both either neither
    one two three four five six seven eight nine ten is are was were be been being let
    along among amid despite via per unless until whether within where yes no please
    thanks dear hello hi okay meanwhile however therefore moreover today tomorrow
    yesterday has have had do does did will would shall should can could may might must
    """
    )
)

# Short all-capital abbreviations of places that news prints in capitals.
CAPITAL_ABBREVIATIONS: frozenset[str] = frozenset(
    ["us", "usa", "uk", "uae", "drc", "dprk", "prc", "rok", "eu", "ussr", "nsw", "dc", "gb", "roc"]
)

# Two-letter postal codes and short state abbreviations are places only after "<place>, ".

# Names that gazetteers list as places but news uses for institutions and groups.
NOT_PLACES: frozenset[str] = frozenset(
    _words(
        """
    hamas hezbollah hizbollah fatah taliban isis isil daesh nato opec god jesus allah
    christ olympic olympics internet web toyota honda nissan mazda suzuki subaru
    mitsubishi yamaha kawasaki sony
    """
    )
) | frozenset({"white house", "pentagon", "kremlin", "wall street", "downing street"})

# Verbs of saying: a surname right before one is a person ("Turner said").
SPEECH_VERBS: frozenset[str] = frozenset(
    _words(
        """
    said says told added asked explained noted wrote testified stated argued replied
    recalled insisted acknowledged admitted warned urged announced confirmed declined
    """
    )
)

# Words after a place name that make the whole the name of something located elsewhere or
# nowhere: think tanks, treaties, media ("Washington Institute", "Camp David Accords",
# "Washington Post"). Local bodies ("Athens Police Department") keep their place.
NAME_WORDS: frozenset[str] = frozenset(
    _words(
        """
    institute institution accords accord agreement agreements treaty convention protocol
    declaration doctrine times post news herald journal tribune gazette telegraph
    chronicle daily weekly magazine inquirer courier bulletin dispatch express network
    radio tv television channel broadcasting airlines airways motors company corp
    corporation inc ltd llc holdings fc united rangers athletic athletics syndrome
    consensus summit talks process plan initiative conference
    """
    )
)

# Words after a place name that make it the name of a disease ("Marburg virus").
DISEASE_WORDS: frozenset[str] = frozenset(
    _words("""virus viruses fever flu influenza disease syndrome strain encephalitis""")
)
