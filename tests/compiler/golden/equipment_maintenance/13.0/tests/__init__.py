from . import test_equipment_upkeep
