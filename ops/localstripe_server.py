"""localstripe, the fake Stripe server, as `./lq run` and `./lq test` run it.

    python ops/localstripe_server.py --port 8420 [--store .lq/localstripe/store.pickle]

Two changes to `localstripe`'s own start-up, both about where it keeps its state:
- it listens on 127.0.0.1 only (localstripe binds every interface);
- it keeps its objects in memory and, with --store, saves them to that file every two
  seconds and at exit, and loads them at start. localstripe itself pickles its whole store to
  /tmp/localstripe.pickle on every write: a shared file for every checkout on the machine, and
  a cost that grows with every object (2,000 providers' invoices took minutes).
Without --store it starts empty and saves nothing (the tests).

And three calls real Stripe has, which billing makes and localstripe 1.15 lacks (`patch()`):
- an invoice of a customer without a subscription, from their pending invoice items
  (localstripe answers 404 "No upcoming invoices"), and the invoice's metadata (dropped);
- `collection_method` / `days_until_due` on invoices and subscriptions (refused as
  "Unexpected"): kept on the invoice (a `due_date`); a subscription ignores them and charges
  the customer's card as before, so a fake town needs a test card;
- `POST /v1/invoices/<id>/finalize` (draft -> open, with an `invoice.finalized` event).
Everything else is localstripe's own behaviour.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pickle
from pathlib import Path
from typing import Any

from aiohttp import web
from localstripe import resources
from localstripe.errors import UserError
from localstripe.server import api_extra, app
from localstripe.webhooks import schedule_webhook

DAY = 86_400


def _no_dump(self: Any) -> None:
    """localstripe calls this on every write; saving happens on a timer instead."""


def patch() -> None:
    """Teach localstripe the calls billing makes that it lacks (see the module's docstring)."""
    invoice_cls: Any = resources.Invoice
    subscription_cls: Any = resources.Subscription
    own_invoice_create = invoice_cls._api_create
    own_subscription_create = subscription_cls._api_create

    def create_invoice(
        cls: Any,
        customer: str | None = None,
        subscription: str | None = None,
        metadata: dict[str, str] | None = None,
        description: str | None = None,
        collection_method: str | None = None,
        days_until_due: str | int | None = None,
        **rest: Any,
    ) -> Any:
        customer_obj = resources.Customer._api_retrieve(customer) if customer else None
        standalone = (
            subscription is None
            and customer_obj is not None
            and not customer_obj.subscriptions._list
        )
        if standalone:
            pending = [
                item
                for item in resources.InvoiceItem._api_list_all(
                    None, customer=customer, limit=1000
                )._list
                if item.invoice is None
            ]
            if not pending:
                raise UserError(400, "Nothing to invoice for customer")
            invoice = invoice_cls(customer=customer, metadata=metadata, description=description)
        else:
            invoice = own_invoice_create(
                customer=customer, subscription=subscription, description=description, **rest
            )
            invoice.metadata = metadata or {}
        invoice.collection_method = collection_method or "charge_automatically"
        invoice.due_date = (
            invoice.date + int(days_until_due) * DAY if days_until_due is not None else None
        )
        return invoice

    def create_subscription(
        cls: Any,
        collection_method: str | None = None,
        days_until_due: str | int | None = None,
        **data: Any,
    ) -> Any:
        return own_subscription_create(**data)

    def finalize_invoice(id: str, **kwargs: Any) -> Any:  # noqa: A002 — localstripe's api_extra passes id=
        invoice = invoice_cls._api_retrieve(id)
        if invoice.status != "draft":
            raise UserError(400, "This invoice is not a draft")
        invoice._finalize()
        schedule_webhook(resources.Event("invoice.finalized", invoice))
        return invoice

    invoice_cls._api_create = classmethod(create_invoice)
    subscription_cls._api_create = classmethod(create_subscription)
    url = "/v1/invoices/{id}/finalize"
    app.router.add_route("POST", url, api_extra(finalize_invoice, url))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8420)
    parser.add_argument("--store", type=Path, default=None)
    args = parser.parse_args()
    resources.Store.dump_to_disk = _no_dump  # type: ignore[method-assign]
    patch()
    store: Path | None = args.store
    if store is not None and store.exists():
        with store.open("rb") as f:
            resources.store.update(pickle.load(f))  # noqa: S301 — our own store file, written by this process

    def save() -> None:
        if store is None:
            return
        store.parent.mkdir(parents=True, exist_ok=True)
        partial = store.with_suffix(".partial")
        with partial.open("wb") as f:
            pickle.dump(dict(resources.store), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, store)

    async def keep_saving(_app: web.Application) -> Any:
        async def loop() -> None:
            while True:
                await asyncio.sleep(2)
                save()

        task = asyncio.ensure_future(loop())
        yield
        task.cancel()
        save()

    if store is not None:
        app.cleanup_ctx.append(keep_saving)
    web.run_app(app, host="127.0.0.1", port=args.port, print=None)


if __name__ == "__main__":
    main()
