# Cython declarations for the compiled build of recognise.py (see setup.py): C types for the
# indices and flags of the hot functions. The Python source runs unchanged without them.
import cython


@cython.locals(head=cython.Py_UCS4, initial=cython.Py_UCS4, index=cython.Py_ssize_t, words=list, gaps=list)
cpdef bint _well_formed(str text, object tokens, Py_ssize_t first, Py_ssize_t last)

cpdef bint _joins(str gap, str before)

@cython.locals(words=list, word=str, abbreviation=cython.bint)
cpdef bint _sentence_initial(str text, object tokens, Py_ssize_t index)

@cython.locals(count=cython.Py_ssize_t, matches=list, first=cython.Py_ssize_t, last=cython.Py_ssize_t, stop=cython.Py_ssize_t, key=str, following=str, head=cython.Py_UCS4)
cpdef list _known_runs(str text, object tokens, list match_folds, list words, frozenset keys)

@cython.locals(chosen=list, first=cython.Py_ssize_t, last=cython.Py_ssize_t, index=cython.Py_ssize_t, free=cython.bint)
cpdef list _longest_first(list matches, list taken)

@cython.locals(
    start=cython.Py_ssize_t,
    end=cython.Py_ssize_t,
    single=cython.bint,
    upper=cython.bint,
    initial=cython.bint,
    letters=cython.Py_ssize_t,
    dateline=cython.bint,
    line_start=cython.bint,
    after_comma_of_place=cython.bint,
    followed_by_name=cython.bint,
    speaker=cython.bint,
    locative=cython.bint,
    needs_support=cython.bint,
    before_name=cython.bint,
    fold=str,
    gap_before=str,
    gap_after=str,
    offsets=list,
    has_prev=cython.bint,
    has_next=cython.bint,
    prev_start=cython.Py_ssize_t,
    prev_end=cython.Py_ssize_t,
    next_start=cython.Py_ssize_t,
    prev_fold=str,
    next_fold=str,
    prev_capital=cython.bint,
    next_capital=cython.bint,
)
cpdef object _judge(str text, object tokens, Py_ssize_t first, Py_ssize_t last, str key, list taken, object is_key, object is_frequent)

@cython.locals(positions=list, index=cython.Py_ssize_t)
cpdef list _articles_before_words(list match_folds)

@cython.locals(
    covered=set,
    runs=list,
    count=cython.Py_ssize_t,
    after=cython.Py_ssize_t,
    index=cython.Py_ssize_t,
    last=cython.Py_ssize_t,
    words=list,
    gaps=list,
    following_word=str,
    opening=str,
    following=str,
)
cpdef list loose_runs(str text, object tokens, list spans)

@cython.locals(forms=list, index=cython.Py_ssize_t, form=object)
cpdef list _known_forms(list known, list words, dict cache)
