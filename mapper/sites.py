"""The site of an event among the places a sentence names.

A place is a site only in a locative slot of the event's clause ("in X", "near X", "at the
airport in X", "hit X", "X-based"?), never as a dateline ("WASHINGTON —"), never where someone
spoke, travelled or reported from ("told reporters ... from California", "at Camp David",
"talks in Vienna", "an official in Kyiv said"), and never a capitalised word that only
looks like a place. "near X", "between X and Y", "along the border" give precision 2; regions
and countries give precision 3, each with an honest ``uncertainty_km``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from mapper.borders import country_code_of, shared_border
from mapper.geo import haversine_km
from mapper.models import (
    GEO_PRECISION_EXACT,
    GEO_PRECISION_NEAR,
    GEO_PRECISION_REGION,
    Mention,
    Place,
)

FacilityLookup = Callable[[str], Place | None]

_DEFAULT_UNCERTAINTY_KM = {
    "continent": 2000.0, "country": 300.0, "admin1": 100.0, "region": 150.0, "water": 100.0,
    "admin2": 40.0, "city": 5.0, "airport": 2.0, "base": 2.0, "crossing": 2.0, "site": 1.0,
    "body": 1.0,
}  # fmt: skip
_SPECIFICITY = {
    "site": 0, "base": 0, "airport": 0, "crossing": 0, "body": 0, "city": 1, "admin2": 2,
    "admin1": 3, "region": 3, "water": 3, "country": 4, "continent": 5,
}  # fmt: skip
_REGIONAL = {"country", "admin1", "region", "continent", "water"}

# What may stand between a locative word and the place: "in the eastern Syrian town of".
# What may stand between a locative word and the place ("in the eastern Syrian town of"):
# lower-case words other than clause openers, country adjectives and possessives.
_FILLER = r"(?:(?:(?!(?:that|which|who|whom|where|when|while|said|says|told|and|but|as|after|" \
    r"before|because|if|was|were|is|are|has|have|had|be|been|with|for|by|about|against|than|" \
    r"from|to|among|into|relations?|relationship|ties|talks|in|at|on|near|inside|outside|" \
    r"around|across|along|over)\b)[a-z][\w\-’']*|and around|both|" \
    r"and (?:the )?(?:nearby|neighbou?ring|adjacent|surrounding)\b|" \
    r"[A-Z][a-z]+(?:an|i|ese|ish)|Kurdish|(?:[A-Z]\w+ ){0,2}[A-Z]\w+[’']s|" \
    r"Shiite|Shi[’']ite|Sunni|Shia|Christian|Druze|Alawite|Muslim|Arab|Turkmen|Yazidi|" \
    r"(?<=between )(?:[A-Z][\w’'\-]+ ){1,3}and|[\[(]|" \
    r"(?:[A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+)?,? ){1,3}(?:and|or)(?= [A-Z]|\s*$)|" \
    r"(?:[A-Z][\w’'\-]* |\([A-Z]+\) ){1,4}(?=(?:controlled|held|occupied|besieged) )|" \
    r"[A-Z][\w’']*-(?:controlled|held|occupied|besieged)|" \
    r"(?:[A-Z][\w’'\-]+ ){1,3}(?=(?:town|city|village|district|province|region|governorate|" \
    r"neighbou?rhood|suburb|camp|area|countryside)\b))\s*){0,5}"  # fmt: skip
# "launched an offensive to capture X": an infinitive of purpose, not a movement's goal.
_PURPOSE_VERBS = (
    r"(?:launch|carry|conduct|capture|recapture|recover|retake|take|seize|attack|strike|hit|"
    r"target|storm|expel|regain|secure|free|liberate|besiege|cut|clear|shell|bomb|pound)\b"
)
# "launched an offensive to recapture X": the offensive's target, so near X (precision 2).
_PURPOSE_TARGET = (
    r"(?:in order )?to\s+(?:capture|recapture|retake|seize|storm|take back|take|conquer|"
    r"liberate|enter|reach|recover|regain|besiege|encircle|clear|free|secure)"
)
_LOCATIVE = re.compile(
    r"\b(?P<prep>(?i:in|at|on|near)|outside|inside|into|across|between|along|around|off|from|"
    + _PURPOSE_TARGET
    + r"|"
    r"(?<!approaches )(?<!road )(?<!entrance )(?<!route )(?<!gates )to(?!\s+"
    + _PURPOSE_VERBS
    # "to the north of X" is a direction, read by "north of" below
    + r"|\s+the\s+(?:north|south|east|west)\w*\s+of\b)|"
    r"toward|towards|of|over|hit|struck|targeted|targeting|shelled|bombed|attacked|stormed|"
    r"raided|pounded|rocked|besieged|overran|captured|seized|entered|invaded|"
    r"hitting|striking|shelling|bombing|attacking|storming|raiding|pounding|besieging|"
    r"capturing|recapturing|seizing|overrunning|invading|"
    r"close to|next to|vicinity of|outskirts of|north of|south of|east of|west of|"
    r"northeast of|northwest of|southeast of|southwest of|km from|kilometres from|"
    r"kilometers from|miles from)\s+" + _FILLER + r"$",
)
_NEAR = re.compile(
    r"\b(?:near|outside|close to|next to|vicinity of|outskirts of|around|between|along|off|"
    + _PURPOSE_TARGET
    + r"|"
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest) of|km from|"
    r"kilometres from|kilometers from|miles from|in and around|"
    # "at the northern flank of X": by X, not in it
    r"flanks? of|perimeter of|edges? of|gates of)\s+" + _FILLER + r"$",
)
_DIRECTIONAL = re.compile(
    r"\b(?:northern|southern|eastern|western|central|north-?eastern|north-?western|"
    r"south-?eastern|south-?western)\s+(?:[A-Z][a-z]+n\s+)?$",
    re.IGNORECASE,
)
# Places of speaking, travelling and reporting: a clause with these words is not the site.
_ELSEWHERE = re.compile(
    r"\b(?:said|says|told|tell|telling|speaking|spoke|reporters|interview|statement|news "
    r"conference|press conference|briefing|visit|visiting|visited|trip|travell?ing|travell?ed|"
    r"returning|returned|flew|fly|arrived|hotel|talks|meeting|met|summit|conference|"
    r"headquartered|embassy|contributed|reporting|wrote|tweet\w*|announced|accompanied|"
    r"(?:he|she|they|who|secretary|minister|president) (?:was|were|is) in|lives|lived|born|"
    r"studied|spen[dt]\w* (?:the|a|his|her|their) weekend|"
    r"weekend (?:trip|visit|retreat|getaway|break)|vacation|exile|fled to)\b|"
    r"\d(?::\d\d\s*(?:[ap]\.?m\.?)?|\s*[ap]\.?m\.?)\s+(?:in|at)\s+$",
    re.IGNORECASE,
)
# "Soldiers in the Central African Republic killed 6": a place in a locative slot right before
# a violent verb is where the subject acted, not an actor adjective ("a U.S. airstrike").
_VERB_TRIGGER = re.compile(r"[a-z]+(?:ed|ing)\b|(?:shot|hit|struck)\b")
_IN_SLOT = re.compile(r"\b(?:in|inside)\s+(?:the\s+)?$")
_REFERENCE_POINT = re.compile(
    r"\b(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|"
    r"north-west|south-east|south-west)\s+of\s+(?:the\s+)?(?:[a-z]+\s+){0,2}$",
    re.IGNORECASE,
)
_GROUP_AFTER = re.compile(r"\s+(?:tribes?|tribesmen|clans?|sub-clans?|ethnic group)\b", re.I)
# "Free Syrian Army", "Ahrar Al-Sham Movement": a word of an organisation's name
_ORGANISATION_AFTER = re.compile(
    r"(?:\s+[A-Z][\w\-'’]*){1,3}\s+(?:Army|Front|Brigades?|Battalions?|Movement|Party|"
    r"Council|Association|Organi[sz]ation|Union|Committee|Group|Forces)\b"
)
ANAPHORIC_REACH = 60
"""A trigger that refers back ("the strike") takes only a place this close after it."""
MAX_TRIGGER_DISTANCE = 240
"""Characters between a trigger and its site: farther places belong to other clauses."""
_VICTIMS_TRAVEL = re.compile(r"\btravell?(?:ing|ed)\b", re.IGNORECASE)
# "killed during a public meeting in X": the meeting is where the event happened.
_VENUE_OF_EVENT = re.compile(
    r"\b(?:during|at|on|near|outside|targeting|attacked|stormed|hit|destroyed|bombed|struck)\s+"
    r"(?:an?|the)\s+"
    r"(?:[\w\-]+\s+){0,2}(?:meeting|conference|rally|summit|hotel|embassy|talks)\b",
    re.IGNORECASE,
)
# A place before the event and a reporting verb between them is where someone spoke.
_SPEECH = re.compile(
    r"\b(?:said|says|told|confirmed|reported|announced|claimed|stated|added|according)\b",
    re.IGNORECASE,
)
# "According to a military source at the Hama Military Airport, ...": where the source is.
_SOURCE_PLACE_BEFORE = re.compile(
    r"\b(?:sources?|correspondents?|reporters?|journalists?)\s+(?:(?:stationed|based)\s+)?"
    r"(?:at|in|from)\s+(?:the\s+)?(?:city of\s+)?$",
    re.IGNORECASE,
)
# "the Istanbul bombing", "Erbil's rocket attack": at most two plain words between.
_MODIFIER_GAP = re.compile(
    r"(?:['’]s)?(?:\s+(?!(?:after|before|since|its|the|a|an|of|in|on|at|to|for|with|by|and|or|"
    r"that|which|his|her|their|was|were|is|are|has|had)\b)[a-z][\w\-]*){0,2}\s+"
)
_AREA_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:(?:northern|southern|eastern|western|central|north-?\w+|south-?\w+|"
    r"rural|wider)\s+)?(?:countryside|province|governorate|region|state|countryside|"
    r"district|area|suburbs?|outskirts|environs|desert|plain|valley|hills|mountains)\b"
    r"(?!\s+of\b)",
    re.IGNORECASE,
)
_AREA_BEFORE = re.compile(
    r"\b(?:countryside|hinterland)\s+of\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
"""'the northern countryside of Aleppo': the area around the place, as 'the Aleppo countryside'."""
_PART_AFTER = re.compile(
    r"['’]s\s+(?:[\w\-]+\s+){0,3}(?:district|neighbou?rhood|quarter|suburb|market|square|"
    r"street|camp|old city)\b",
    re.IGNORECASE,
)
_PROVINCE_FEATURES = frozenset({"admin1", "admin2", "region"})
_PROVINCE_WORD_AFTER = re.compile(
    r"^\s*(?:province|governorate|region|state|oblast|county|district|prefecture|department|"
    r"countryside)\b",
    re.IGNORECASE,
)
# "the southern state of Parana": the province, not a town of its name.
_PROVINCE_WORD_BEFORE = re.compile(
    r"\b(?:state|province|governorate|region|oblast|county|prefecture|department)\s+of\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
_DIRECT_OBJECT = frozenset(
    {"hit", "struck", "targeted", "targeting", "shelled", "bombed", "attacked", "stormed",
     "raided", "pounded", "rocked", "besieged", "overran", "captured", "seized", "entered",
     "invaded"}
)  # fmt: skip
# "the US coalition", "US troops", "Baghdad officials": a place name used as an adjective.
_ADJECTIVAL = re.compile(
    r"(?:\s|-)+(?:coalition|troops|forces|military(?! airport| air ?base| base| academy)|"
    r"officials?|embassy|(?-i:bases?)|contractors?|"
    r"personnel|soldiers|service|government|administration|army|navy|air force|ambassador|"
    r"envoy|president|minister|citizens|nationals|interests|facilities|targets|drones?|"
    r"warplanes|jets|aircraft|intelligence|diplomats|negotiators|led|backed|based|allied|"
    r"aligned|made|funded|sponsored|authorities|police(?! station| post| headquarters)|security|"
    r"spokesman|spokeswoman|"
    r"counterparts?|lawmakers|congressman|senator|media|television|news|press|"
    r"time(?! of)|local time)\b",
    re.IGNORECASE,
)
_ORGANISATION_BEFORE = re.compile(
    r"\b[A-Z][a-z]+ (?:State|Army|Front|Party|Movement|Brigades?|Council|Ministry|University|"
    r"Bank|Institute|Government|Emirate|Committee|Church|League|Union) of (?:the )?"
    r"(?:[A-Z][\w’'\-]+ and (?:the )?)?$"
)
# "In Jericho, officials said soldiers shot ...": a sentence's opening place frames all of it.
_SCENE_SETTING = re.compile(r"^\W*(?:In|At|Near|Outside|Inside)\b[^,;.]*$")
_PASSIVE_TARGET = re.compile(
    r"(?:\s+[A-Z][\w\-]*){0,3}"
    r"(?:\s+(?:province|city|town|village|district|region|governorate|camp|neighbou?rhood))?\s+"
    r"(?:was|were|has been|have been|had been|is being|are being)\s+(?:\w+ly\s+)?"
    r"(?P<verb>struck|hit|shelled|bombed|attacked|targeted|raided|stormed|pounded|rocked|"
    r"besieged|overrun|captured|seized|invaded)\b"
)
_PEOPLE = re.compile(r"[A-Z][a-z]+(?:an|ian)s")
_MOVEMENT_PREP = {"from", "to", "toward", "towards"}
_MOVEMENT_BEFORE = re.compile(
    r"(?<!approaches )(?<!road )(?<!entrance )(?<!gates )(?<!route )(?<!according )(?<!due )"
    r"(?<!close )(?<!next )"
    # "five laborers from Bihar near X": where people come from, not a movement
    r"(?<!laborers )(?<!labourers )(?<!workers )(?<!migrants )(?<!pilgrims )(?<!villagers )"
    # "killed on his way to his office in X": the journey, not a movement away from the event
    r"(?<!way )(?<!way back )(?<!way home )"
    r"(?<!traders )(?<!tourists )(?<!farmers )(?<!students )"
    r"\b(?:from|to|toward|towards)"
    r"\s+(?!be\b)(?!" + _PURPOSE_VERBS + r")(?!the\s+(?:north|south|east|west)\w*\s+of\b)"
    r"(?!the\s*$)"
    r"(?:(?![\w\-]+ed\b)[\w\-]+\s+){0,3}$",
    re.I,
)
# "fired mortar shells towards the X District": a projectile's goal is its target.
_FIRED_TOWARDS = re.compile(
    r"\b(?:shells?|rockets?|missiles?|mortars?|bombs?|projectiles?|grenades?|rounds|fire|"
    # "launched an offensive towards X": an attack's goal is its target too
    r"offensives?|assaults?|attacks?|counter-?attacks?|counter-?offensives?|"
    r"shots|bullets|barrels?)\b(?:\s+[\w\-’']+){0,6}?\s+(?:toward|towards)\s+" + _FILLER + r"$",
    re.I,
)
_ATTRIBUTION = re.compile(
    r"(?:,|—|–|\()\s*(?:[^,;]{0,80}?\b(?:said|says|told|reported|according to|announced|"
    r"claimed|added|stated)\b[^;]{0,100})$|\baccording to\b[^;]*$"
)
"""A trailing attribution (", an official in Kyiv said on Monday"); a leading "police said
a bomb killed ..." introduces the report and runs on too long to be one."""
_SPEECH_VERB = re.compile(r"\b(?:said|says|told|reported|announced|claimed|added|stated)\b")
_DATELINE = re.compile(r"^(?:[A-Z][A-Za-z .,'’]{1,60}?)(?:\s*\([^)]{1,40}\))?\s*(?:–|—|-{1,2}|:)\s")
_CLAUSE_BREAK = re.compile(r"[;:]|\s[–—]\s|,\s+(?:while|when|as|after|before|where|but)\b")
_BORDER = re.compile(
    r"\b(?P<a>[A-Z][a-z]+)(?:\s*[-–/]\s*|\s+and\s+)(?P<b>[A-Z][a-z]+)\s+border\b|"
    r"\bborder (?:with|between) (?P<c>[A-Z][a-z]+)(?: and (?P<d>[A-Z][a-z]+))?\b|"
    r"\bthe (?P<e>[A-Z][a-z]+) border\b"
)
_BETWEEN = re.compile(r"\bbetween\s+" + _FILLER + r"$")
_FACILITY_AFTER = re.compile(
    r"^\s*(?:International\s+|Military\s+)?(?:airport|air ?base|airbase|base)\b", re.I
)
_FACILITY_BEFORE = re.compile(
    r"\b(?:airport|air ?base|airbase)\s+(?:in|at|of|near|outside)\s+$", re.I
)


# A place the gazetteer lacks, named with a place noun: "the village of Sharifah",
# "Mogadishu's Yaqshid district", "the Nabi Yunis area". It is placed through the place
# that contains it ("... of Homs", "near Maiduguri", "Baghdad's ...") with precision 2-3.
_ARTICLE_PREFIX = r"(?:(?:[Aa]l|[Ee]l|[Aa][dnrstz]h?)[\-‘’'])"
_NAME = (
    r"(?:" + _ARTICLE_PREFIX + r"|[‘’'])?[A-Z][\w‘’'\-]*(?<!['’]s)"
    r"(?:\s+(?:(?:al|el|ad|ar|as|ash|at|az|de|la|du|bin|ibn|e)[\-\s])?[‘’']?[A-Z][\w‘’'\-]*(?<!['’]s)){0,3}"
)
_PLACE_NOUN_OF = (
    r"(?:villages?|towns?|cit(?:y|ies)|districts?|neighbou?rhoods?|suburbs?|areas?|camps?|"
    r"quarters?|localit(?:y|ies)|hamlets?|settlements?|municipalit(?:y|ies)|sub-?districts?|"
    r"communit(?:y|ies)|outskirts|perimeters?|flanks?|farms|hills|fringes|environs|"
    r"mountaintops?|hilltops?|slopes|heights|plains?)"
)
_PLACE_NOUN_AFTER = (
    r"(?:village|town|district|county|neighbou?rhood|suburb|area|camp|refugee camp|quarter|"
    r"sub-?district|locality|junction|sector|market|square|roundabout|colony|tehsil|"
    r"mountains?|hills?|checkpoint|highway|road|dam|bridge|street|avenue|power plant|"
    r"thermal station|power station|gas fields?|oil fields?|housing project|military airport|"
    r"airport|air ?base|airbase|hospital|peak|station|farms|axis|mosque|prison|hotel|college|"
    r"tower|island|depot|storage depot|brigade|base|springs?|housing complex|hilltop|valley|"
    r"region|"
    r"shrine)s?\b"
)
_UNLISTED_OF = re.compile(
    r"\b(?:the\s+)?(?:[\w\-’'‘]+\s+){0,4}?" + _PLACE_NOUN_OF + r"\s+of\s+(?P<name>" + _NAME + ")"
)
# A frame that names a settlement ("X district"), not a feature ("X Mountains", "X Road").
_SETTLEMENT_AFTER = re.compile(
    r"\s+(?i:village|town|city|district|county|neighbou?rhood|suburb|area|camp|quarter|"
    r"sub-?district|locality)s?\b"
)
_UNLISTED_AFTER = re.compile(r"(?P<name>" + _NAME + r")\s+(?i:" + _PLACE_NOUN_AFTER + r")")
# "in Maryin Gubay, a small town in southern Somalia", "stormed Najarah in eastern Aleppo":
# a name in a locative slot, followed by the place that contains it.
_UNLISTED_IN = re.compile(
    r"\b(?:in|at|near|inside|outside|stormed|storming|shelled|shelling|captured|seized|"
    r"overran|entered|recapture[ds]?|recapturing|retake|retook|retaken|conquer(?:ed)?|"
    r"liberat(?:e|ed|ing)|(?:liberation|capture|recapture|siege|battle) (?:of|for)|"
    r"(?:attacks?|assaults?|offensive|raids?|air ?strikes?|counter-?attacks?) on|"
    r"(?:north|south|east|west)(?:-?(?:east|west))? of)\s+"
    r"(?:(?:north|south|east|west|central)(?:-?(?:east|west))?(?:ern)?\s+)?"
    # "in north Delhi's X": a part of the place before it
    r"(?:[A-Z][\w\-]+['’]s\s+)?"
    r"(?P<name>" + _NAME + r")(?=(?:\s+(?:city|town))?\s*(?:,\s*(?:an?|the)\s+(?:[\w\-]+\s+){0,3}"
    r"(?:town|village|city|neighbou?rhood|suburb|district|area|settlement|community|hamlet|"
    r"locality)\b|[,;]?\s+(?:in|of|near|outside|from|with|west of|east of|north of|south of|"
    r"after|before|during|amid|following|while|when)\s"
    r"|(?P<end>\s*(?:[,;.]|$|\s+(?:on|late|early|yesterday|today|last|this)\b))))"
)
_NOT_A_PLACE_NAME = re.compile(
    r"^(?:Congress|Parliament|Senate|English|Arabic|French|Islam|Christianity|Ramadan|"
    r"Christmas|Easter|Operation|Court|Cabinet|Government|Assembly|Office|Ministry|God|Allah|"
    r"Power|Office|Iraq|Syria|Europe|Asia|Africa|America)\b"
)
_DEMONYM_END = re.compile(r"(?:an|ese|ish|i)$")
_ADJECTIVE_WORD = re.compile(r"-(?:controlled|held|backed|led|based|occupied|dominated)$", re.I)
_NOT_A_NAME = re.compile(
    r"^(?:The|A|An|This|That|These|In|On|At|Its|Their|His|Her|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|"
    r"September|October|November|December|Islamic|State|Army|Government|Security|Police|"
    r"Green|Red|Old|New|Free|Kurdish|Syrian|Iraqi|Afghan|Israeli|Palestinian|Turkish|"
    r"Christian|Muslim|Moslem|Shiite|Shi'ite|Shia|Sunni|Jewish|Arab|Alawite|Druze|Hindu|"
    r"Buddhist|Catholic|Orthodox|National|Federal|Central|President|King|Prince|General|"
    r"Minister|Mr|Mrs|Ms|Dr|Industrial|Local|Western|Eastern|Northern|Southern)$"
)
# "Eastern Qalamoun", "the Western Mountains": a direction that is part of a longer name.
_DIRECTED_NAME = re.compile(r"(?:Eastern|Western|Northern|Southern|Central) [A-Z]")
# "Garissa University College", "Mosul Technical College": a facility named after its town.
_NAMED_AFTER_TOWN = re.compile(
    r"\s+(?:University|College|Hospital|Prison|Hotel|Mosque|Church|Station|Power Plant|"
    r"Power Station|Thermal Station|Market|Airport|Stadium|School|Square|Bridge|Dam)\b",
    re.IGNORECASE,
)
_CONTAINER_GAP = re.compile(r"^[^;.:!?]{0,90}$")
# "the Baghdad Diplomatic Service Center", "Ain al-Asad Air Base": a facility named in full.
_FACILITY_NAME = re.compile(
    r"(?P<name>" + _NAME + r"\s+(?:Center|Centre|Base|Airbase|Air Base|Airport|Compound|"
    r"Facility|Camp|Complex|Airfield|Gas Fields?|Oil Fields?|"
    # "the Kweires airbase": an airfield's generic word is often written in lower case
    r"(?:military )?(?:airbase|air base|airport|airfield)))\b"
)
# "a complex known as the X": the slot of X is the slot of the complex.
_KNOWN_AS = re.compile(r"\s+(?:known as|called|named|dubbed)\s+(?:the\s+)?$", re.I)
_LOOSE_FACILITY_KM = 5.0
# "in Pakistan's largest city, Karachi", "the commercial centre of Adamawa State, Mubi".
_APPOSITIVE = re.compile(
    r"\b(?:city|town|capital|village|centre|center|hub|port|district|province)"
    # "the commercial centre of Adamawa State, Mubi"
    r"(?P<comma>(?:\s+of\s+(?:the\s+)?(?:[A-Z][\w’'\-]*\s*){1,3})?\s*,)\s*$"
)
# "In Gradiska, northeast of Banja Luka, ...": the place after the comma is a reference point.
_REFERENCE_BEFORE = re.compile(
    r"^\s*,\s*(?:(?:about|some|nearly|around|roughly)\s+)?(?:[\d,.]+\s*(?:km|kilometres|"
    r"kilometers|miles)\s*(?:\([^)]*\)\s*)?)?(?:north|south|east|west)(?:-?(?:east|west))?"
    r"(?:ern)?\s+of\s+(?:the\s+)?(?:(?:capital|city|town|provincial capital)\s+(?:of\s+)?)?$",
    re.I,
)
# "the town of Kawkab near Qamhana": the second place only locates the first.
_NEAR_REFERENCE = re.compile(
    r"\s+(?:near|close to|next to)\s+(?:the\s+)?(?:(?:strategic|key|nearby|small|"
    r"large|town|city|village|of)\s+){0,3}|"
    # "in Nakuru, regional capital of the Rift Valley": the area only locates the town
    r"\s*,\s*(?:the\s+)?(?:[a-z]+\s+)?(?:capital|city|town|centre|center|seat|heart)\s+"
    r"(?:of|in)\s+(?:the\s+)?|"
    # "in the Chlef province to the west of Algiers"
    r"\s+(?:(?:province|region|governorate|district|area|state|county|town|village)\s+)?"
    r"(?:to\s+the|just)\s+(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of\s+"
    r"(?:the\s+)?(?:(?:capital|city|town)\s+(?:of\s+)?)?"
)
# "Furqlus, a town located on the highway between Homs and Palmyra": places in the
# description of a place only locate it.
_DESCRIBED = re.compile(
    r"\s*,\s*an?\s+(?:[\w\-]+\s+){0,3}?(?:town|village|city|district|area|hamlet|suburb|"
    r"settlement|neighbou?rhood)\b[^,.;:()]{0,60}"
)
_NEARBY_REACH_KM = 60.0
_LISTED_KM = 5.0
_REGION_AFTER = re.compile(r"\s+(?i:region)\b")
_ROAD_AFTER = re.compile(r"\s+(?i:highway|road|motorway|expressway)\b")


def _strip_prefix(name: str) -> str:
    return re.sub("^" + _ARTICLE_PREFIX, "", name)


def named_facilities(
    text: str, start: int, end: int, mentions: Sequence[Mention], facility: FacilityLookup | None
) -> list[tuple[Mention, bool]]:
    """Facilities named in full that the geoparser did not resolve as a whole, as mentions,
    with whether the gazetteer's name matched exactly (else it differs in one word)."""
    named = getattr(facility, "named", None)
    if named is None:
        return []
    found: list[tuple[Mention, bool]] = []
    for match in _FACILITY_NAME.finditer(text, start, end):
        n_start, n_end = match.span("name")
        name = match.group("name")
        if any(m.start <= n_start and n_end <= m.end for m in mentions if m.place is not None):
            continue  # the geoparser has it already
        result = named(name)
        if result is None:
            continue
        place, exact = result
        found.append((Mention("", n_start, n_end, name, place), exact))
    return found


def unlisted_places(
    text: str,
    start: int,
    end: int,
    mentions: Sequence[Mention],
    facility: FacilityLookup | None = None,
    context_countries: Sequence[str] = (),
) -> list[tuple[Mention, bool]]:
    """Place-like names in ``text[start:end]`` the geoparser did not resolve, each as a
    mention whose place is the resolved place that contains it, or the place itself when the
    gazetteer lists the name (then the flag is true); a nationality word in the name's frame
    ("the central Somali town of X") names the country when no place does."""
    segment = text[start:end]
    resolved = sorted(
        (m for m in mentions if m.place is not None and start <= m.start and m.end <= end
         and not is_dateline(text, m) and not _ADJECTIVAL.match(text, m.end)
         and not _ORGANISATION_BEFORE.search(text, max(start, m.start - 40), m.start)
         and not _organisation_word(text, m) and not _feature_word(text, m)
         # "Shiite al" of "Shiite al-Bayaa": a name cut before its article's word
         and not (re.search(r"\s(?:[Aa]l|[Ee]l)$", m.surface) and text.startswith("-", m.end))),
        key=lambda m: m.start,
    )  # fmt: skip
    found: list[tuple[Mention, bool]] = []
    spans: list[tuple[int, int, int, bool]] = []
    for pattern in (_UNLISTED_OF, _UNLISTED_AFTER, _UNLISTED_IN):
        for match in pattern.finditer(segment):
            name = match.group("name")
            words = name.split()
            skipped = 0
            if pattern is _UNLISTED_AFTER and words[-1].lower() in {"refugee", "military"}:
                name = " ".join(words[:-1])
            if _ADJECTIVE_WORD.search(words[0]) and len(words) > 1:
                # "the ISIS-controlled Al-'Arfi District": the owner is not part of the name
                skipped = len(name) - len(name[len(words[0]) :].lstrip())
                name, words = name[skipped:], words[1:]
            # "Hong Local Government Area", "Riyom LGA": the name without its place noun
            name = re.sub(r"\s+(?:Local Government(?: Area)?|LGA)$", "", name)
            if (
                not name
                or (_NOT_A_NAME.match(name.split()[0]) and not _DIRECTED_NAME.match(name))
                or len(_strip_prefix(name)) < 3
            ):
                continue
            last = name.split()[-1]
            if _ADJECTIVE_WORD.search(name) or (
                country_code_of(last) and (len(words) == 1 or _DEMONYM_END.search(last))
            ):
                continue  # "the Islamist-controlled town", "a Somali town": not names
            if pattern is _UNLISTED_IN and (_NOT_A_PLACE_NAME.match(name) or _common_word(name)):
                continue  # "at Joseph's Tomb": an ordinary noun is no name
            if pattern is _UNLISTED_IN and any(
                m.start < start + match.end("name") and start + match.start("name") < m.end
                for m in mentions
            ):
                continue  # a bare name in a slot is ours only when the geoparser missed it all
            n_start = start + match.start("name") + skipped
            settlement = pattern is not _UNLISTED_AFTER or bool(
                _SETTLEMENT_AFTER.match(segment, match.end("name"))
            )
            spans.append((n_start, n_start + len(name), start + match.start(), settlement))
    for mention in resolved:
        # "Tal" of "Tal Al-'Eiss", "Wadi" of "Wadi Barada": the geoparser resolved the first
        # word of a longer name it does not know; the longer name is the place.
        longer = _longer_name_end(text, mention, end, mentions)
        if longer is not None:
            spans.append((mention.start, longer, mention.start, True))
    attribution_start = start + _attribution_start(segment)
    home = _home_force_country(segment, facility)
    # Countries the sentence's words name, other than as armed forces ("French jets"), which
    # may fight abroad.
    named_countries = sorted(
        {code for word in _country_words(segment)
         if (code := country_code_of(word.group()))
         and not _FORCES_AFTER.match(segment, word.end())
         and not _BORDER_AFTER.match(segment, word.end())}
    )  # fmt: skip
    for n_start, n_end, frame_start, settlement in sorted(set(spans)):
        name = text[n_start:n_end]
        if n_start >= attribution_start:
            continue
        inside = [m for m in resolved if m.start < n_end and n_start < m.end]
        # "Al-Fijah Springs" read as Fiji: a country under another name does not name a
        # local feature; the name is a place the gazetteer lacks.
        strays = [
            m for m in inside
            if m.place is not None and m.place.feature == "country"
            and m.surface.lower() != m.place.name.lower() and not country_code_of(m.surface)
        ]  # fmt: skip
        if strays and len(strays) == len(inside):
            inside = []
        else:
            strays = []
        # A resolved mention that is the whole name (or all of it but "Al-") is the place,
        # unless the frame puts it in a place of a distant country ("the village of Al-Dalwa
        # in the ... district of Eastern Province", Dalwa read as a town in Ivory Coast).
        bare = _CITY_WORD.sub("", name)  # "Dara'a City" is the city Dara'a
        whole = [
            m for m in inside
            if _strip_prefix(m.surface) in (_strip_prefix(name), _strip_prefix(bare))
            or m.surface == name
        ]  # fmt: skip
        if whole and not (
            settlement
            and _contradicted(text, n_end, whole[0], [m for m in resolved if m not in inside])
        ):
            continue
        if whole:
            strays, inside = list(whole), []
        if any(m.start < n_start or m.end > n_end for m in inside):
            continue
        if any(s < n_end and n_start < e for s, e in ((f.start, f.end) for f, _ in found)):
            continue
        usable = [m for m in resolved if m.start < attribution_start and m not in strays]
        container = _container(text, n_start, n_end, frame_start, usable, inside, context_countries)
        if (
            container is not None
            and container.place is not None
            and home is not None
            and container.place.country_code != home.country_code
            and shared_border(home.country_code, container.place.country_code) is None
        ):
            # "the Syrian Air Force struck X ... over Y", Y read as a town of a distant
            # country: the home army's country, not that reading, contains X. (An army may
            # fight next door: "the Turkish Army shelled X" in a Syrian town stays there.)
            container = None
        place = container.place if container is not None else None
        if container is not None and place is not None:
            # "Isla Negra, a coastal town 70 miles west of the capital": the name lies that
            # far from its container, whose point is then that uncertain.
            lo, hi = sorted((n_end, container.start))
            away = _distance_km(text[lo:hi])
            if away > place.uncertainty_km:
                place = replace(place, uncertainty_km=away)
        if (
            place is None
            and inside
            and inside[0].start == n_start
            and _NAMED_AFTER_TOWN.match(text, n_end)
        ):
            # "Garissa University College": a facility named after its town lies in it.
            place = inside[0].place
        if place is None:
            place = _demonym_country(text[frame_start:n_start], facility)
        if place is None:
            place = home
        if place is None:
            located = [
                m for m in usable
                if m not in inside and _plausible(m, _before(text, start, m))
            ]  # fmt: skip
            place = _sentence_country(segment, located, facility, context_countries)
        itself = False
        if settlement and container is None and (place is None or place.feature == "country"):
            # The gazetteer may list the name itself (the geoparser leaves out a small town
            # that nothing but this frame supports): in the country the sentence gives, else
            # in a country its words name, else in the one country that has a place of that
            # name when the sentence names no country at all.
            codes = [place.country_code] if place is not None else named_countries or [""]
            listed = next((hit for code in codes if (hit := _listed(name, code, facility))), None)
            if listed is not None:
                place, itself = listed, True
        if place is None:
            continue
        doc_id = mentions[0].doc_id if mentions else ""
        found.append((Mention(doc_id, n_start, n_end, name, place), itself))
    return found


_COMMON_WORD_ZIPF = 3.0
"""A one-word name at least this frequent in English ("Shura", "Victory") is too often no
place to be looked up without a container or country."""


def _listed(name: str, country_code: str, facility: FacilityLookup | None) -> Place | None:
    """The place the gazetteer lists under ``name`` exactly (see ``GazetteerLookup.listed``);
    without a country, only for a name that is no common English word."""
    listed = getattr(facility, "listed", None)
    if listed is None:
        return None
    if not country_code and " " not in name.strip():
        from mapper.geoparse.people import word_frequency

        if word_frequency(_strip_prefix(name).lower()) >= _COMMON_WORD_ZIPF:
            return None
    found: Place | None = listed(name, country_code)
    return found


_TAIL_WORD = r"\s+(?:(?:al|el|ad|ar|as|ash|at|az|Al|El)[\-\s])?[‘’']?([A-Z][\w‘’'\-]*)(?<!['’]s)"
_NAME_TAIL = re.compile(f"(?:{_TAIL_WORD}){{1,3}}")
_FIRST_TAIL_WORD = re.compile(_TAIL_WORD)
_COMMON_NOUN_ZIPF = 4.0
_RARE_ZIPF = 3.0
"""The word after a resolved one: a longer name when rarer than this in English ("Barada",
"Al-'Eiss"), an ordinary word when not ("Aleppo Thermal Power Plant", "Kirkuk Governor")."""


def _longer_name_end(
    text: str, mention: Mention, end: int, mentions: Sequence[Mention]
) -> int | None:
    """Where the longer name that a resolved one-word town opens ends ("Tal" of "Tal
    Mustawi"), or ``None`` when the words after it are ordinary or a place of their own."""
    place = mention.place
    if place is None or " " in mention.surface.strip() or place.feature in ("country", "continent"):
        return None
    tail = _NAME_TAIL.match(text, mention.end, end)
    if tail is None or re.match(r"[ \t]", text[mention.end : mention.end + 1]) is None:
        return None
    first = _FIRST_TAIL_WORD.match(tail.group())
    assert first is not None
    word = first.group(1)
    from mapper.geoparse.people import word_frequency

    transliterated = re.match(r"\s+[‘’']", tail.group()) is not None  # "‘Ayn ‘Issa"
    if (
        word.isupper()  # "Wukari LGA": an abbreviation of a place noun
        or (not transliterated and word_frequency(word.lower().strip("‘’'-")) >= _RARE_ZIPF)
        or re.fullmatch(_PLACE_NOUN_AFTER, word, re.IGNORECASE)
        or any(m.start >= mention.end and m.start < tail.end() for m in mentions)
    ):
        return None
    return tail.end()


def _common_word(name: str) -> bool:
    """A one-word name that is an ordinary English noun ("Tomb", "Square")."""
    from mapper.geoparse.people import word_frequency

    return " " not in name and word_frequency(_strip_prefix(name).lower()) >= _COMMON_NOUN_ZIPF


_DISTANCE = re.compile(r"\b(\d+(?:\.\d+)?)\s*(km|kilomet(?:re|er)s?|miles?)\b", re.IGNORECASE)


_COORDINATED_FEATURE = re.compile(
    r"\s+and\s+[A-Z][\w\-’']*\s+(?i:mountains|hills|plains|valleys|villages|districts|"
    r"neighbou?rhoods|quarters|suburbs|springs|farms)\b"
)
_CITY_WORD = re.compile(r"\s+(?:City|Town)$")
_PROVINCIAL_CAPITAL = re.compile(r"\b(?:the|its|this)\s+(?P<name>provincial capital)\b", re.I)
_PROVINCE_NOUN = re.compile(r"\s+(?:Governorate|Province|State|Region)$", re.I)


def _provincial_capitals(
    text: str, start: int, end: int, mentions: Sequence[Mention], facility: FacilityLookup | None
) -> list[Mention]:
    """ "the provincial capital" of the one province the sentence names ("an offensive in the
    Deir Ezzor Governorate ... inside the provincial capital"), as a mention of that town."""
    town = getattr(facility, "town", None)
    if town is None:
        return []
    provinces = {
        m.place.place_id: m for m in mentions
        if m.place is not None and m.place.feature == "admin1" and start <= m.start < end
    }  # fmt: skip
    if len(provinces) != 1:
        return []
    province = next(iter(provinces.values()))
    assert province.place is not None
    name = _strip_prefix(_PROVINCE_NOUN.sub("", province.surface))
    found: list[Mention] = []
    for match in _PROVINCIAL_CAPITAL.finditer(text, start, end):
        capital: Place | None = town(name, province.place.country_code)
        if capital is not None:
            n_start, n_end = match.span("name")
            found.append(Mention(province.doc_id, n_start, n_end, text[n_start:n_end], capital))
    return found


def _contradicted(text: str, n_end: int, whole: Mention, others: Sequence[Mention]) -> bool:
    """Whether the place right after a name ("X in Y", "X, a village of Y") lies in another
    country than the place the geoparser read the name as, and far from it (not next door)."""
    place = whole.place
    if place is None:
        return False
    after = [
        m for m in others
        if m.start >= n_end and m.place is not None and m.place.feature != "continent"
        and re.fullmatch(r"[^.;:!?]{0,90}", text[n_end : m.start])
    ]  # fmt: skip
    if not after or after[0].place is None:
        return False
    near = after[0].place

    # The place after must be the surer reading: a province, or a town in a country the rest
    # of the sentence supports more than the name's ("Sar-e Pol Province" read as Sarh, Chad,
    # must not move "Sangcharak District" there).
    def support(code: str) -> int:
        places = sum(
            1 for m in others
            if m is not after[0] and m.place is not None and m.place.country_code == code
        )  # fmt: skip
        words = sum(1 for w in _country_words(text) if country_code_of(w.group()) == code)
        return places + words

    supported = near.feature in ("admin1", "admin2") or support(near.country_code) > support(
        place.country_code
    )
    located = _LOCATED_IN.match(text, n_end) is not None or (
        # "Duk County of Jonglei State": of a province, the noun's place lies in it
        near.feature in ("admin1", "admin2") and _NOUN_OF.match(text, n_end) is not None
    )
    return (
        supported
        and located
        and near.country_code != place.country_code
        and shared_border(near.country_code, place.country_code) is None
    )


_NOUN_OF = re.compile(
    r"\s+(?:area|district|county|village|town|city|neighbou?rhood|suburb|quarter|camp|region)"
    r"\s+of\b",
    re.I,
)
# "X in Y", "X, a village of Y", "X area near Y" (but "the Homs neighbourhood of Y": Y is in X)
_LOCATED_IN = re.compile(
    r"\s*,?\s*(?:in|of|near|outside)\b|\s*,\s*(?:an?|the)\s|"
    r"\s+(?:area|district|village|town|city|neighbou?rhood|suburb|quarter|camp|region)"
    r"\s*,?\s*(?:in|near|outside)\b",
    re.I,
)


def _distance_km(gap: str) -> float:
    """The largest distance written in ``gap`` ("70 miles", "30 km"), in km; 0 without one."""
    found = [
        float(m.group(1)) * (1.609 if m.group(2).lower().startswith("mile") else 1.0)
        for m in _DISTANCE.finditer(gap)
    ]
    return max(found, default=0.0)


def _country_words(segment: str) -> list[re.Match[str]]:
    """Capitalised words of ``segment`` that name a country, except inside an organisation's
    name ("the Islamic State of Iraq and Al-Sham" is no statement about Iraq)."""
    return [
        word for word in re.finditer(r"\b[A-Z][a-z]+\b", segment)
        if country_code_of(word.group())
        and not _ORGANISATION_BEFORE.search(segment, max(0, word.start() - 40), word.start())
    ]  # fmt: skip


def _feature_word(text: str, mention: Mention) -> bool:
    """A country read under another name that opens coordinated feature names ("the Turkmen
    and Kurdish Mountains")."""
    place = mention.place
    return (
        place is not None
        and place.feature == "country"
        and mention.surface.lower() != place.name.lower()
        and bool(_COORDINATED_FEATURE.match(text, mention.end))
    )


def _organisation_word(text: str, mention: Mention) -> bool:
    """A one-word place (not a country) opening an organisation's name ("Free" of "Free
    Syrian Army")."""
    return (
        " " not in mention.surface
        and mention.place is not None
        and mention.place.feature != "country"
        and bool(_ORGANISATION_AFTER.match(text, mention.end))
    )


def _attribution_start(segment: str) -> int:
    """Where a trailing attribution (", an official in Kyiv said") starts in ``segment``, else
    its length. "..., police said a bomb killed two" reports the event: no attribution."""
    from mapper.triggers import find_triggers

    attribution = _ATTRIBUTION.search(segment)
    if attribution is None:
        return len(segment)
    verb = _SPEECH_VERB.search(segment, attribution.start())
    if verb is not None and find_triggers(segment, verb.end(), len(segment)):
        return len(segment)
    return attribution.start()


def _demonym_country(frame: str, facility: FacilityLookup | None) -> Place | None:
    """The country a nationality word in ``frame`` names ("the central Somali town of")."""
    country = getattr(facility, "country", None)
    if country is None:
        return None
    for word in re.findall(r"\b[A-Z][a-z]+\b", frame):
        code = country_code_of(word)
        if code and _DEMONYM_END.search(word):
            found: Place | None = country(code)
            return found
    return None


_HOME_FORCE = re.compile(
    r"\b(?P<nation>[A-Z][a-z]+)\s+(?:Arab\s+)?(?:Army|army|Armed Forces|armed forces|police|"
    r"Air Force|air force|"
    r"Police|security forces|Security Forces|government forces|government troops|"
    r"National Army|National Police)\b"
)


def _home_force_country(segment: str, facility: FacilityLookup | None) -> Place | None:
    """The country whose own army or police the sentence names ("the Syrian Arab Army
    stormed X"), when it names no other country: such forces fight at home. A foreign
    country named anywhere in the sentence ("the Turkish Army ... Syrian rebels") leaves it
    undecided."""
    country = getattr(facility, "country", None)
    if country is None:
        return None
    homes = {
        code for m in _HOME_FORCE.finditer(segment) if (code := country_code_of(m.group("nation")))
    }
    if len(homes) != 1:
        return None
    named = {code for word in _country_words(segment)
             if (code := country_code_of(word.group()))}  # fmt: skip
    if named != homes:
        return None
    found: Place | None = country(next(iter(homes)))
    return found


# "near the Turkish border": the place is near that country, often on the other side.
_BORDER_AFTER = re.compile(r"\s+border", re.IGNORECASE)
_FORCES_AFTER = re.compile(
    r"\s+(?:(?:Arab|National|Special|Armed|Air|Security|Border|Republican|Revolutionary)\s+)*"
    r"(?:Army|army|Air Force|air force|Forces|forces|troops|soldiers|military|Military|police|"
    r"Police|Navy|navy|jets?|warplanes?|aircraft|helicopters?|drones?|airstrikes?|air strikes?|"
    r"Guards?|guards?|marines|Marines|commandos|units?|artillery|tanks?|warships?)\b"
)


def _sentence_country(
    segment: str,
    resolved: Sequence[Mention],
    facility: FacilityLookup | None,
    context_countries: Sequence[str] = (),
) -> Place | None:
    """The one country the sentence's places lie in ("... in Aleppo ... the village of X"
    with X too far from Aleppo's words to be contained by it), else the one country the
    article's events are in. A nationality word of another country (a foreign actor) or
    places in two countries leave it undecided: X is then not placed at all."""
    country = getattr(facility, "country", None)
    if country is None:
        return None
    codes = {
        m.place.country_code
        for m in resolved
        if m.place is not None and m.place.feature != "continent" and m.place.country_code
    }
    named = {code for word in _country_words(segment)
             if (code := country_code_of(word.group()))
             and not _BORDER_AFTER.match(segment, word.end())}  # fmt: skip
    if not codes:
        codes = set(context_countries)
    if not codes:
        # "a Syrian jihadist group ... the village of X": the one country the sentence's
        # words name, when no nationality word there describes armed forces (which may fight
        # abroad: "American troops raided the village of X").
        forces = {code for word in _country_words(segment)
                  if (code := country_code_of(word.group()))
                  and _FORCES_AFTER.match(segment, word.end())}  # fmt: skip
        codes = named if not forces else set()
    if len(codes) != 1:
        return None
    if not named <= codes:
        return None
    found: Place | None = country(next(iter(codes)))
    return found


def _container(
    text: str,
    n_start: int,
    n_end: int,
    frame_start: int,
    resolved: Sequence[Mention],
    inside: Sequence[Mention],
    context_countries: Sequence[str] = (),
) -> Mention | None:
    """The resolved place that contains the unlisted name at ``text[n_start:n_end]``; a
    place after it in a country the article's events are not in ("the village of Ma'ardes,
    ... Jund Al-Aqsa" read as Jind, India) gives way to one before it that is."""
    outside = [m for m in resolved if m not in inside]
    # "the Homs neighbourhood of Baba Amr", "Mogadishu's Yaqshid district"
    framing = [m for m in outside if frame_start <= m.start and m.end <= n_start]
    if framing:
        return framing[-1]
    possessive = [
        m for m in outside
        if m.end <= n_start and re.fullmatch(r"['’]s\s+(?:[a-z\-]+\s+){0,2}", text[m.end : n_start])
    ]  # fmt: skip
    if possessive:
        return possessive[-1]
    after = [
        m for m in outside
        if m.start >= n_end and _CONTAINER_GAP.match(text[n_end : m.start])
        and m.place is not None and m.place.feature != "continent"
    ]  # fmt: skip
    before = [
        m for m in outside
        if m.end <= n_start and n_start - m.end <= 200 and m.place is not None
        and m.place.feature != "continent"
    ]  # fmt: skip
    if (
        context_countries
        and not _in_countries(after, context_countries)
        and _in_countries(before, context_countries)
    ):
        after = []
    finer = [m for m in after if m.place is not None and m.place.feature != "country"]
    if finer or after:
        return (finer or after)[0]
    finer = [m for m in before if m.place is not None and m.place.feature != "country"]
    return (finer or before)[-1] if (finer or before) else None


def _in_countries(mentions: Sequence[Mention], countries: Sequence[str]) -> bool:
    return any(m.place is not None and m.place.country_code in countries for m in mentions)


@dataclass(frozen=True, slots=True)
class Site:
    """Where an event happened, as one sentence says it."""

    location: str
    raw: tuple[str, ...]
    country_code: str
    lat: float
    lon: float
    geo_precision: int
    uncertainty_km: float


def is_dateline(text: str, mention: Mention) -> bool:
    """Whether ``mention`` is part of a dateline ("WASHINGTON –", "BAGHDAD (Reuters) -")."""
    line_start = text.rfind("\n", 0, mention.start) + 1
    head = text[line_start : mention.end + 60]
    match = _DATELINE.match(head)
    return bool(match and mention.end - line_start <= match.end())


def _plausible(mention: Mention, before: str) -> bool:
    """A locative slot and a spelling that fits the place: noise from a crude geoparser fails."""
    place = mention.place
    if place is None:
        return False
    surface = mention.surface
    if surface.isupper() and len(surface) <= 4 and place.feature != "country":
        return False  # acronyms: KSS, ABC, MORE
    return bool(_LOCATIVE.search(before))


def _uncertainty(place: Place) -> float:
    default = _DEFAULT_UNCERTAINTY_KM.get(place.feature, 10.0)
    return max(place.uncertainty_km, default) if place.uncertainty_km <= 0 else place.uncertainty_km


def _clause_bounds(sentence: str, offset: int) -> tuple[int, int]:
    """Offsets of the clause of ``sentence`` around ``offset``."""
    start, end = 0, len(sentence)
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.end() <= offset:
            start = match.end()
        elif match.start() >= offset:
            end = match.start()
            break
    return start, end


def _border_site(segment: str, countries: Sequence[str]) -> tuple[Site, int] | None:
    for match in _BORDER.finditer(segment):
        names = [n for n in match.group("a", "b", "c", "d", "e") if n]
        codes = [c for c in (country_code_of(n) for n in names) if c]
        before = segment[max(0, match.start() - 60) : match.start()]
        locative = _LOCATIVE.search(before)
        if locative is None or locative.group("prep").lower() in _MOVEMENT_PREP:
            continue
        if _MOVEMENT_BEFORE.search(before[: locative.start()]):
            continue
        if _ELSEWHERE.search(before[-45:]):
            continue
        border = None
        if len(codes) >= 2:
            border = shared_border(codes[0], codes[1])
        elif len(codes) == 1:
            for other in dict.fromkeys(c for c in countries if c and c != codes[0]):
                border = shared_border(codes[0], other)
                if border is not None:
                    codes.append(other)
                    break
        if border is None:
            continue
        precision = GEO_PRECISION_NEAR
        site = Site(
            location=f"{names[0]}–{names[1] if len(names) > 1 else codes[1]} border",
            raw=(match.group(0),),
            country_code=codes[0],
            lat=border.lat,
            lon=border.lon,
            geo_precision=precision,
            uncertainty_km=border.uncertainty_km,
        )
        return site, match.start()
    return None


def choose_site(
    text: str,
    start: int,
    end: int,
    trigger: int,
    mentions: Sequence[Mention],
    facility: FacilityLookup | None = None,
    context_countries: Sequence[str] = (),
    anaphoric: bool = False,
    blocked: Sequence[tuple[int, int]] = (),
    within: tuple[int, int] | None = None,
) -> Site | None:
    """The site of the event whose trigger word starts at ``trigger`` in ``text[start:end]``.

    Parameters
    ----------
    text
        The article text; ``start``/``end`` bound the segment (sentence or clause) of the event.
    trigger
        Offset of the event's trigger word in ``text``.
    mentions
        Place mentions of the article (those outside the segment are ignored).
    facility
        Looks up "X airport"-style names in the gazetteer, when one is at hand.
    context_countries
        Countries the article's event context names, to complete "near the Iraqi border".
    anaphoric
        The trigger refers back ("the attack"): only a place right after it ("the attack on
        Erbil airport") can be its site.
    blocked
        Spans that are not places whatever the geoparser says (dates such as "in March").
    within
        The event's own clause, when the sentence reports several ("launched an offensive in
        the Hama countryside, targeting the village of X"): only places there are candidates,
        though places anywhere in the segment can still contain an unlisted one.
    """
    segment = text[start:end]
    attribution_start = start + _attribution_start(segment)
    clause_start, clause_end = _clause_bounds(segment, trigger - start)
    scored: list[tuple[tuple[float, ...], Site]] = []
    facilities = named_facilities(text, start, end, mentions, facility)
    loose = {(m.start, m.end) for m, exact in facilities if not exact}
    mentions = [
        *(m for m in mentions
          if not any(f.start <= m.start and m.end <= f.end for f, _ in facilities)),
        *(f for f, _ in facilities),
    ]  # fmt: skip
    mentions = [*mentions, *_provincial_capitals(text, start, end, mentions, facility)]
    unlisted = unlisted_places(text, start, end, mentions, facility, context_countries)
    shadowed = [(m.start, m.end) for m, _ in unlisted]
    containers = {(m.start, m.end) for m, _ in unlisted}
    themselves = {(m.start, m.end) for m, itself in unlisted if itself}
    candidates = [
        *(m for m in mentions
          if not any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end)
                     for s, e in shadowed)),
        *(m for m, _ in unlisted),
    ]  # fmt: skip
    ends = {m.end for m in candidates if m.place is not None}
    # Places in a locative slot of their own (not "laborers from Bihar"): what "near Y" after
    # them can locate.
    slot_ends = {
        m.end for m in candidates
        if m.place is not None and start <= m.start
        and (slot := _LOCATIVE.search(b := _before(text, start, m))) is not None
        and (slot.group("prep").lower() not in _MOVEMENT_PREP
             or _FIRED_TOWARDS.search(b[: slot.end()]))
    }  # fmt: skip
    for mention in candidates:
        if not (start <= mention.start and mention.end <= end) or mention.place is None:
            continue
        if within is not None and not within[0] <= mention.start < within[1]:
            continue
        if any(
            _REFERENCE_BEFORE.match(text[e : mention.start])
            or (e in slot_ends and _NEAR_REFERENCE.fullmatch(text, e, mention.start))
            or (e in slot_ends and _DESCRIBED.fullmatch(text, e, mention.start))
            for e in ends
            if 0 < mention.start - e <= 60
        ):
            continue  # "X, 30 km north of Y", "the town of X near Y": Y only locates X
        if mention.start >= attribution_start and trigger < attribution_start:
            continue
        if is_dateline(text, mention) or _ADJECTIVAL.match(text, mention.end):
            continue
        if _ORGANISATION_BEFORE.search(text, max(start, mention.start - 40), mention.start):
            continue  # "Islamic State of Iraq", "University of Baghdad"
        if any(s < mention.end and mention.start < e for s, e in blocked):
            continue
        if abs(mention.start - trigger) > MAX_TRIGGER_DISTANCE:
            continue
        if (
            anaphoric
            and not (trigger < mention.start <= trigger + ANAPHORIC_REACH)
            and not (
                mention.end <= trigger and _MODIFIER_GAP.fullmatch(text[mention.end : trigger])
            )
        ):
            continue
        before = _before(text, start, mention)
        if _SOURCE_PLACE_BEFORE.search(text, max(start, mention.start - 60), mention.start):
            continue  # where a source or correspondent is, not where the event was
        right_before = mention.end <= trigger and bool(
            _MODIFIER_GAP.fullmatch(text[mention.end : trigger])
        )
        if (
            right_before
            and mention.place.feature in _REGIONAL
            and not (_VERB_TRIGGER.match(text, trigger) and _IN_SLOT.search(before))
        ):
            continue  # "a U.S. airstrike", "an Israeli raid": the actor, not the site
        modifier = right_before and not _MOVEMENT_BEFORE.search(before)
        passive = _PASSIVE_TARGET.match(text, mention.end)
        if passive is not None and passive.start("verb") <= trigger < passive.end("verb"):
            modifier = True  # "Bien Hoa Air Base was struck": the target is the site
        if re.search(r"\s(?:[Aa]l|[Ee]l)$", mention.surface) and text.startswith("-", mention.end):
            continue  # "Jabal Al" of "Jabal Al-Akrad": a part of a longer name
        if _PEOPLE.fullmatch(mention.surface) and country_code_of(mention.surface[:-1]):
            continue  # "ethnic Albanians": people, not their country
        if _GROUP_AFTER.match(text, mention.end):
            continue  # "the Kikuyu tribe", "the Darod clan": people, not a place
        if _organisation_word(text, mention):
            continue  # "Free" of "Free Syrian Army": part of an organisation's name
        if _feature_word(text, mention):
            continue  # "the Turkmen and Kurdish Mountains": a name's word, not Turkmenistan
        if not modifier:
            # "the Istanbul bombing" names its site; otherwise a locative word must.
            if not _plausible(mention, before):
                continue
            locative = _LOCATIVE.search(before)
            assert locative is not None
            aimed = _FIRED_TOWARDS.search(before[: locative.end()])
            if (
                locative.group("prep").lower() in _MOVEMENT_PREP
                or _MOVEMENT_BEFORE.search(before[: locative.start()])
            ) and not aimed:
                continue
        # The clause between trigger and place must not be about speaking or travelling.
        lo, hi = sorted((trigger, mention.start))
        local = start + clause_start <= mention.start < start + clause_end
        between = text[lo:hi]
        # Words about speaking count only between the event's trigger and the place.
        near_context = text[max(start, trigger, mention.start - 45) : mention.start]
        travel = _VICTIMS_TRAVEL.search(text, trigger, mention.start)
        if (
            trigger < mention.start
            and travel is not None
            and not re.search(r"[,;:()—–]", text[trigger : travel.start()])
        ):
            # "killed 13 civilians travelling on a bus in X", "hit while traveling in X": right
            # after the violent verb, the victims' journey is where it happened.
            near_context = _VICTIMS_TRAVEL.sub(" ", near_context)
        if _ELSEWHERE.search(near_context) and not _VENUE_OF_EVENT.search(near_context):
            continue
        scene = _SCENE_SETTING.match(text[start : mention.start]) and text.startswith(
            ",", mention.end
        )
        if (not local and _ELSEWHERE.search(between)) or (
            mention.start < trigger and _SPEECH.search(between) and not scene
        ):
            continue
        is_unlisted = (mention.start, mention.end) in containers and mention in candidates[
            len(candidates) - len(unlisted) :
        ]
        key, site = _candidate(
            text, mention, before, trigger, local, facility, unlisted=is_unlisted,
            itself=is_unlisted and (mention.start, mention.end) in themselves,
        )  # fmt: skip
        if (mention.start, mention.end) in loose:
            # Named with one word different from the gazetteer's: near that facility.
            site = replace(
                site,
                geo_precision=max(site.geo_precision, GEO_PRECISION_NEAR),
                uncertainty_km=max(site.uncertainty_km, _LOOSE_FACILITY_KM),
            )
        scored.append((key, site))
    border = _border_site(
        segment,
        [
            *(m.place.country_code for m in mentions if m.place and start <= m.start < end),
            *context_countries,
        ],
    )
    if border is not None and within is not None and not within[0] <= start + border[1] < within[1]:
        border = None
    if border is not None and not anaphoric:
        site, offset = border
        distance = abs(start + offset - trigger)
        scored.append(((0.0, 2.5, 1.0, distance / 1000), site))
    if not scored:
        return None
    scored.sort(key=lambda item: item[0])
    best = scored[0][1]
    return _coordinated(segment, best, [s for _, s in scored])


def _candidate(
    text: str,
    mention: Mention,
    before: str,
    trigger: int,
    local: bool,
    facility: FacilityLookup | None,
    unlisted: bool = False,
    itself: bool = False,
) -> tuple[tuple[float, ...], Site]:
    place = mention.place
    assert place is not None
    if unlisted:
        return _unlisted_candidate(text, mention, before, trigger, local, facility, itself)
    after = text[mention.end : mention.end + 30]
    raw = mention.surface
    town = getattr(facility, "town", None)
    if (
        town is not None
        and place.feature in _PROVINCE_FEATURES
        and not _PROVINCE_WORD_AFTER.match(after)
        and not _PROVINCE_WORD_BEFORE.search(before)
        and (found_town := town(mention.surface, place.country_code)) is not None
    ):
        # A bare name a province shares with its town ("Kharkiv", "the city of Idlib"):
        # reports of events mean the town unless they say "province".
        place = found_town
    precision = GEO_PRECISION_REGION if place.feature in _REGIONAL else GEO_PRECISION_EXACT
    uncertainty = _uncertainty(place)
    # "the airport in Erbil", "Baghdad airport": the facility, or near the town when unknown.
    facility_match = _FACILITY_AFTER.match(after) or _FACILITY_BEFORE.search(before)
    if facility_match and place.feature == "city":
        found = facility(f"{place.name} airport") if facility else None
        if found is None and facility:
            found = facility(f"{mention.surface} airport")
        if found is not None:
            place, uncertainty, precision = found, _uncertainty(found), GEO_PRECISION_EXACT
        else:
            precision, uncertainty = GEO_PRECISION_NEAR, max(uncertainty, 15.0)
    if _NEAR.search(before) and precision == GEO_PRECISION_EXACT:
        precision, uncertainty = GEO_PRECISION_NEAR, max(uncertainty * 2, 10.0)
    if _DIRECTIONAL.search(before) and place.feature in _REGIONAL:
        precision = GEO_PRECISION_REGION
    specificity = float(_SPECIFICITY.get(place.feature, 2))
    if _PART_AFTER.match(text, mention.end) and precision == GEO_PRECISION_EXACT:
        # "Baghdad's Karrada district": a part of the place the gazetteer did not name.
        precision, uncertainty = GEO_PRECISION_NEAR, max(uncertainty, 10.0)
    if (_AREA_AFTER.match(after) or _AREA_BEFORE.search(before)) and place.feature not in _REGIONAL:
        # "the northern Hama countryside", "Borno State": the area around the place.
        precision, uncertainty = GEO_PRECISION_NEAR, max(uncertainty, 50.0)
        specificity = 2.5
    site = Site(
        location=place.name,
        raw=(raw,),
        country_code=place.country_code,
        lat=place.lat,
        lon=place.lon,
        geo_precision=precision,
        uncertainty_km=round(uncertainty, 1),
    )
    distance = abs(mention.start - trigger)
    locative = _LOCATIVE.search(before)
    direct = bool(locative and locative.group("prep").lower() in _DIRECT_OBJECT)
    if _REFERENCE_POINT.search(before):
        # "east of Palmyra, ... at the villages of X": Palmyra only orients the reader.
        specificity += 0.5
    key = (0.0 if local else 1.0, specificity, 0.0 if direct else 1.0, distance / 1000)
    return key, site


def _before(text: str, start: int, mention: Mention) -> str:
    """The words before a mention, without an article prefix the geoparser left out
    ("the city of Al-" + "Shadadi")."""
    before = text[max(start, mention.start - 80) : mention.start]
    if before.endswith(("#", "‘", "’", "'")):
        # a hashtag ("storming #Qabasin") or an ayn the geoparser left out ("in ‘Ayn
        # Al-Fijah") names the place all the same
        before = before[:-1]
    prefix = re.search(r"\b" + _ARTICLE_PREFIX + "$", before)
    if prefix:
        before = before[: prefix.start()]
    known_as = _KNOWN_AS.search(before)
    if known_as:
        return before[: known_as.start()] + " "
    appositive = _APPOSITIVE.search(before)
    return before[: appositive.start("comma")] + " " if appositive else before


def _unlisted_candidate(
    text: str,
    mention: Mention,
    before: str,
    trigger: int,
    local: bool,
    facility: FacilityLookup | None = None,
    itself: bool = False,
) -> tuple[tuple[float, ...], Site]:
    """A place the geoparser did not resolve, at the gazetteer's place of that name near its
    container (another spelling: "Taseel", Tasīl), else at the point of the container;
    ``itself``: the mention's place is the one the gazetteer lists under the name."""
    container = mention.place
    assert container is not None
    near = getattr(facility, "near", None)
    if itself:
        # Found by its name alone, not by the document's context: near that point.
        site = Site(
            location=container.name,
            raw=(mention.surface,),
            country_code=container.country_code,
            lat=container.lat,
            lon=container.lon,
            geo_precision=GEO_PRECISION_NEAR,
            uncertainty_km=round(max(_uncertainty(container), _LISTED_KM), 1),
        )
        locative = _LOCATIVE.search(before)
        direct = bool(locative and locative.group("prep").lower() in _DIRECT_OBJECT)
        distance = abs(mention.start - trigger) / 1000
        return (0.0 if local else 1.0, 0.5, 0.0 if direct else 1.0, distance), site
    # Within a town's surroundings or a province; a whole country is too wide to trust a
    # differently spelled name.
    reach = (
        _NEARBY_REACH_KM
        if container.feature not in _REGIONAL
        else min(_uncertainty(container), 150.0)
        if container.feature in _PROVINCE_FEATURES
        else 0.0
    )
    spelled = near(mention.surface, container, reach) if near is not None and reach else None
    if spelled is None and container.feature == "country":
        # "the village of X in Syria": the gazetteer's X of that country, spelled as written.
        spelled = _listed(mention.surface, container.country_code, facility)
    if spelled is not None:
        # Named as written, found under another spelling near the place that contains it.
        precision, uncertainty = GEO_PRECISION_NEAR, max(_uncertainty(spelled), 5.0)
        site = Site(
            location=spelled.name,
            raw=(mention.surface,),
            country_code=spelled.country_code,
            lat=spelled.lat,
            lon=spelled.lon,
            geo_precision=precision,
            uncertainty_km=round(uncertainty, 1),
        )
    elif container.feature in _REGIONAL:
        precision, uncertainty = GEO_PRECISION_REGION, _uncertainty(container)
    else:
        precision = GEO_PRECISION_NEAR
        uncertainty = max(
            _uncertainty(container) * 2, 10.0 if container.feature != "admin2" else 40.0
        )
    region = bool(_REGION_AFTER.match(text, mention.end))
    if spelled is None:
        site = Site(
            location=f"{mention.surface} ({container.name})",
            raw=(mention.surface,),
            country_code=container.country_code,
            lat=container.lat,
            lon=container.lon,
            geo_precision=precision,
            # "the X region": an area around the point, as wide as a countryside at least
            uncertainty_km=round(max(uncertainty, 50.0) if region else uncertainty, 1),
        )
    locative = _LOCATIVE.search(before)
    direct = bool(locative and locative.group("prep").lower() in _DIRECT_OBJECT)
    # More specific than any gazetteer town it lies in, less than a named facility; but a
    # road ("along the X-Y Highway") runs for miles: no more specific than a town; and a
    # region is an area: no more specific than a town either.
    specificity = 1.0 if region or _ROAD_AFTER.match(text, mention.end) else 0.5
    distance = abs(mention.start - trigger) / 1000
    key = (0.0 if local else 1.0, specificity, 0.0 if direct else 1.0, distance)
    return key, site


def _coordinated(segment: str, best: Site, others: Sequence[Site]) -> Site:
    """ "between X and Y", "in X and Y": one site around the places named together."""
    same_level = [
        s for s in others
        if s.geo_precision == best.geo_precision and s.location != best.location
        and (s.geo_precision != GEO_PRECISION_REGION or s.country_code != best.country_code)
    ]  # fmt: skip
    if not same_level:
        return best
    partner = next(
        (s for s in same_level if re.search(
            re.escape(best.raw[0]) + r"\W+(?:and|or|to)\W+" + re.escape(s.raw[0]), segment
        ) or re.search(re.escape(s.raw[0]) + r"\W+(?:and|or|to)\W+" + re.escape(best.raw[0]),
                       segment)),
        None,
    )  # fmt: skip
    if partner is None:
        return best
    half = haversine_km((best.lat, best.lon), (partner.lat, partner.lon)) / 2
    first, second = sorted((best, partner), key=lambda s: segment.find(s.raw[0]))
    return Site(
        location=f"between {first.location} and {second.location}",
        raw=(*first.raw, *second.raw),
        country_code=first.country_code,
        lat=(best.lat + partner.lat) / 2,
        lon=(best.lon + partner.lon) / 2,
        geo_precision=max(GEO_PRECISION_NEAR, best.geo_precision),
        uncertainty_km=round(half + max(best.uncertainty_km, partner.uncertainty_km), 1),
    )
