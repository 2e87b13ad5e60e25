from . import test_loyalty_rewards
