from . import res_partner
from . import service_channel
from . import service_stage
from . import service_ticket
