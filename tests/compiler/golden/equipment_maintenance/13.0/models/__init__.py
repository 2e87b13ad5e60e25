from . import upkeep_category
from . import upkeep_equipment
from . import upkeep_request
from . import upkeep_tag
