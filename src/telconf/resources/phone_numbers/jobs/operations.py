"""`client.phone_numbers.jobs`, declared once each. The POSTs answer 202 with the pending job."""

from __future__ import annotations

from starlette.datastructures import QueryParams

from ....enums import JOB_STATUSES, JOB_TYPES
from ....http.operation import Operation
from ....http.query import PageRequest
from ....store.jobs import JobFilter
from ... import parameters as p
from ..filters import parse_job_list, parse_update_selector
from .models import DeleteBatch, EmergencyBatch, PhoneNumbersJob, UpdateBatch
from .service import PhoneNumberJobs

TAG = "Phone number jobs"
ACCEPTED = 202


def _job_list(params: QueryParams) -> tuple[JobFilter, bool, PageRequest]:
    return parse_job_list(params, JOB_TYPES, JOB_STATUSES)


OPERATIONS = [
    Operation(
        "GET", "/phone_numbers/jobs", "phone_numbers.jobs.list", "listPhoneNumbersJobs", "List phone-numbers jobs",
        TAG, PhoneNumberJobs, lambda s, c: s.list_jobs(c.who, *c.listing()), PhoneNumbersJob,
        query=_job_list, params=p.JOB_LIST, paged=True,
    ),
    Operation(
        "GET", "/phone_numbers/jobs/{id}", "phone_numbers.jobs.retrieve", "retrievePhoneNumbersJob",
        "Retrieve a phone-numbers job", TAG, PhoneNumberJobs, lambda s, c: s.retrieve(c.who, c.id),
        PhoneNumbersJob, params=[p.JOB_ID],
    ),
    Operation(
        "POST", "/phone_numbers/jobs/delete_phone_numbers", "phone_numbers.jobs.delete_batch",
        "createDeletePhoneNumbersJob", "Delete numbers in a batch", TAG, PhoneNumberJobs,
        lambda s, c: s.delete_batch(c.who, c.body), PhoneNumbersJob, body=DeleteBatch, status=ACCEPTED, write=True,
    ),
    Operation(
        "POST", "/phone_numbers/jobs/update_emergency_settings", "phone_numbers.jobs.update_emergency_settings_batch",
        "createUpdateEmergencySettingsJob", "Update emergency settings in a batch", TAG, PhoneNumberJobs,
        lambda s, c: s.update_emergency_settings_batch(c.who, c.body), PhoneNumbersJob,
        body=EmergencyBatch, status=ACCEPTED, write=True,
    ),
    Operation(
        "POST", "/phone_numbers/jobs/update_phone_numbers", "phone_numbers.jobs.update_batch",
        "createUpdatePhoneNumbersJob", "Update numbers in a batch (listed, or selected by filter)", TAG,
        PhoneNumberJobs, lambda s, c: s.update_batch(c.who, c.body, c.query), PhoneNumbersJob,
        query=parse_update_selector, params=p.UPDATE_SELECTOR, body=UpdateBatch, status=ACCEPTED, write=True,
    ),
]  # fmt: skip
