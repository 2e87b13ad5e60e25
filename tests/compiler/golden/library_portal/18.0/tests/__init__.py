from . import test_library_portal
