from . import test_library_loans
