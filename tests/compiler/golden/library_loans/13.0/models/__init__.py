from . import library_book
from . import library_loan
from . import res_partner
