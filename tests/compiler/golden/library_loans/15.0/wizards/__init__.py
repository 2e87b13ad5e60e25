from . import library_loan_extend_wizard
