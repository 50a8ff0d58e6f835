"""Integraal veiligheidsplan (IVP): velden and themes, the analysis, the plan and its programme.

* ``Veld`` and ``Thema``: the five veiligheidsvelden of Kernbeleid Veiligheid with their themes
  and the cross-cutting themes, seeded per gemeente (``ivp.content``) and editable.
* The analysis lives per gemeente, across plan periods: ``Indicator`` (per theme) with its
  ``Meting`` rows per period and area, ``Inwonertal`` per year (figures per 1,000 inwoners), and
  ``Misdrijfkoppeling``, the editable mapping of police crime and overlast codes to themes.
* ``Plan`` is one version of the meerjarenbeleidsplan (concept → ter besluitvorming →
  vastgesteld → vervallen) with its ``PlanStap`` tracker, the ``Prioritering`` of every theme
  and the SMART ``Doelstelling`` of the priorities.
* ``Programma`` is the uitvoeringsprogramma of one year under a plan; its ``Actie`` rows are
  carried out by the gemeente or a partner organisation, whose ketenpartners update them.
* ``ThemaKoppeling`` links a theme of veld 5 to a goal or uitgangspunt of the strategisch kader.
"""

from ..choices import MAX_VALUE
from .analyse import Indicator, Inwonertal, Meting, Misdrijfkoppeling
from .imports import Analyseimport
from .plan import Doelstelling, Plan, PlanStap, Prioritering
from .programma import Actie, Programma
from .themas import Thema, ThemaKoppeling, Veld

__all__ = [
    "MAX_VALUE",
    "Actie",
    "Analyseimport",
    "Doelstelling",
    "Indicator",
    "Inwonertal",
    "Meting",
    "Misdrijfkoppeling",
    "Plan",
    "PlanStap",
    "Prioritering",
    "Programma",
    "Thema",
    "ThemaKoppeling",
    "Veld",
]
