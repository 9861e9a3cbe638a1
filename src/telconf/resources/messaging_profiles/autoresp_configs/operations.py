"""`client.messaging_profiles.autoresp_configs`: create, list, retrieve, update and delete, declared
once each. Their paths name the profile (`profile_id`, the call's `parent` where a setting's id
follows) and the setting (`autoresp_cfg_id`)."""

from __future__ import annotations

from ....http.operation import Operation
from ... import parameters as p
from .filters import parse_list
from .models import AutoRespConfig, AutoRespConfigCreate
from .service import AutorespConfigs, read_body

TAG = "Auto-response settings"
LIST_PATH = "/messaging_profiles/{profile_id}/autoresp_configs"
ITEM_PATH = "/messaging_profiles/{profile_id}/autoresp_configs/{autoresp_cfg_id}"
SDK = "messaging_profiles.autoresp_configs"
ITEM = [p.AUTORESP_PROFILE_ID, p.AUTORESP_ID]

OPERATIONS = [
    Operation(
        "GET", LIST_PATH, f"{SDK}.list", "listAutorespConfigs", "List a profile's auto-response settings", TAG,
        AutorespConfigs, lambda s, c: s.list(c.who, c.id, *c.listing()), AutoRespConfig, query=parse_list,
        params=[p.AUTORESP_PROFILE_ID, *p.AUTORESP_LIST], paged=True,
    ),
    Operation(
        "POST", LIST_PATH, f"{SDK}.create", "createAutorespConfig", "Create an auto-response setting", TAG,
        AutorespConfigs, lambda s, c: s.create(c.who, c.id, c.body), AutoRespConfig, body=AutoRespConfigCreate,
        read_body=read_body, params=[p.AUTORESP_PROFILE_ID], write=True,
    ),
    Operation(
        "GET", ITEM_PATH, f"{SDK}.retrieve", "retrieveAutorespConfig", "Retrieve an auto-response setting", TAG,
        AutorespConfigs, lambda s, c: s.retrieve(c.who, c.parent, c.id), AutoRespConfig, params=ITEM,
    ),
    Operation(
        "PUT", ITEM_PATH, f"{SDK}.update", "updateAutorespConfig", "Replace an auto-response setting", TAG,
        AutorespConfigs, lambda s, c: s.update(c.who, c.parent, c.id, c.body), AutoRespConfig,
        body=AutoRespConfigCreate, read_body=read_body, params=ITEM, write=True,
    ),
    Operation(
        "DELETE", ITEM_PATH, f"{SDK}.delete", "deleteAutorespConfig", "Delete an auto-response setting", TAG,
        AutorespConfigs, lambda s, c: s.delete(c.who, c.parent, c.id), "Ok", params=ITEM, write=True,
        envelope=False,
    ),
]  # fmt: skip
