from . import service_stage
from . import service_ticket
