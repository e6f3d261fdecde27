"""The decision stage: from what the goods are and whom the parties match to a decision.

:func:`decide` is pure: it reads a declaration, the goods outcome of
:mod:`exportscreen.classify`, the listed matches of :mod:`exportscreen.parties` and a
:class:`RunConfig`, and returns the :class:`~exportscreen.model.Result` with its findings. It
applies measures' effects, party listings' effects and reviewers' decisions (expiry judged on
the run's day), and words every reason, remark and warning through :mod:`.texts`.
"""

from exportscreen.decide.config import RunConfig, exit_code
from exportscreen.decide.core import decide, decide_party_hits
from exportscreen.decide.vocabulary import Vocabulary, compile_vocabulary

__all__ = [
    "RunConfig",
    "Vocabulary",
    "compile_vocabulary",
    "decide",
    "decide_party_hits",
    "exit_code",
]
