from . import library_book
from . import library_loan
