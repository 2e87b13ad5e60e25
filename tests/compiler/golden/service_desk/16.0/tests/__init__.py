from . import test_service_desk
