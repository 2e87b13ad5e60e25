from . import library_notice
