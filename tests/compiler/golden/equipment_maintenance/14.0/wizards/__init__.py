from . import upkeep_reschedule_wizard
