from . import notices
from . import portal_home
