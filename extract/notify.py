"""Who hears of a DAG task that failed for good, from the environment (`Settings`): a webhook
that gets a JSON POST (`REPORTS_NOTIFY_WEBHOOK`: Slack-, Teams- or Mattermost-style incoming
hooks, or any endpoint of one's own), and an address that gets a mail through Airflow's SMTP
provider and its `smtp_default` connection (`REPORTS_NOTIFY_EMAIL`). Neither set: nobody.
"""
from __future__ import annotations

import httpx
from airflow.providers.smtp.notifications.smtp import SmtpNotifier
from airflow.sdk import BaseNotifier

from extract.settings import Settings

SUBJECT = "{{ ti.dag_id }}: task {{ ti.task_id }} failed in run {{ run_id }}"


def failure_message(context) -> dict[str, str]:
    ti = context["ti"]
    return {
        "text": f"{ti.dag_id}: task {ti.task_id} failed in run {context['run_id']}: "
                f"{context.get('exception')}",
        "dag_id": ti.dag_id,
        "task_id": ti.task_id,
        "map_index": str(ti.map_index),
        "run_id": context["run_id"],
        "try_number": str(ti.try_number),
        "exception": str(context.get("exception")),
    }


class WebhookNotifier(BaseNotifier):
    """POSTs a failure as JSON; `text` reads well in a chat channel, the other keys are for
    machines. A hook that does not answer costs the failed task ten seconds, no more."""

    def __init__(self, url: str):
        super().__init__()
        self.url = url

    def notify(self, context) -> None:
        response = httpx.post(self.url, json=failure_message(context), timeout=10)
        response.raise_for_status()


def failure_notifiers(settings: Settings) -> list[BaseNotifier]:
    notifiers: list[BaseNotifier] = []
    if settings.notify_webhook:
        notifiers.append(WebhookNotifier(settings.notify_webhook))
    if settings.notify_email:
        notifiers.append(SmtpNotifier(to=settings.notify_email, subject=SUBJECT,
                                      html_content="{{ exception }}"))
    return notifiers
