"""`manage.py shop_invoice_fees <town slug> [--month 2026-11]`: the monthly fee invoices of
one town, by hand (default: the previous month). The same run as the beat task's; a second
run changes nothing."""

from __future__ import annotations

import argparse
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from billing.subscriptions.stripe_client import billing_enabled
from portal.registry import module_on_in_current_town
from tenants.current import inside_town
from tenants.selectors import towns


class Command(BaseCommand):
    help = "Send the providers' monthly fee invoices of one town through Stripe."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("town", help="the town's slug")
        parser.add_argument("--month", default="", help="YYYY-MM (default: the previous month)")

    def handle(self, *args: Any, **options: Any) -> None:
        from modules.shop.services.invoices import (
            InvoicingIncomplete,
            invoice_month,
            previous_month,
        )
        from modules.shop.statements import Month

        town = towns().filter(slug=options["town"], is_template=False).first()
        if town is None or not town.is_town:
            raise CommandError(f"There is no town {options['town']!r}.")
        if not billing_enabled():
            raise CommandError("Billing is off (STRIPE_API_KEY is not set): nothing was sent.")
        with inside_town(town):
            if not module_on_in_current_town("shop"):
                raise CommandError(f"The shop is switched off in {town.slug}.")
            if options["month"]:
                found = re.fullmatch(r"(\d{4})-(\d{2})", options["month"])
                if found is None or not 1 <= int(found[2]) <= 12:
                    raise CommandError("Give the month as YYYY-MM, e.g. 2026-11.")
                period = Month(int(found[1]), int(found[2]))
            else:
                period = previous_month()
            try:
                run = invoice_month(period=period)
            except (InvoicingIncomplete, ValueError) as error:
                raise CommandError(str(error)) from error
        self.stdout.write(
            f"{town.slug} {period.year}-{period.month:02d}: {run.issued} invoices sent, "
            f"{run.credits} credits carried, {run.unchanged} unchanged"
        )
