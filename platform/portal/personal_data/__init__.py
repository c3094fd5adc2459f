"""Personal data: how every app exports and erases what it keeps about a person.

A town module declares it with its module (`TownModule(personal_data=PersonalData(...))`);
the platform's other apps (accounts, behalf, moderation, the ledger) call
`declare_personal_data(...)` from their `AppConfig.ready()`. "Download my data" and "Delete
my account" (portal.accounts.services.your_data) walk every declaration, and
tests/portal/test_personal_data_registry.py fails when a model that refers to a person is
neither covered by a declaration nor excluded with a reason.
"""

from .declarations import (
    ExportFile,
    ExportPart,
    PersonalData,
    all_declarations,
    declare_personal_data,
)

__all__ = ["ExportFile", "ExportPart", "PersonalData", "all_declarations", "declare_personal_data"]
