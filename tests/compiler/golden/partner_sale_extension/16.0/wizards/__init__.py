from . import loyalty_tier_wizard
