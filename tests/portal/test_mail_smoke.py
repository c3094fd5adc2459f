from django.core import mail

from portal.accounts import services


def test_registration_mail_is_branded_and_sent_after_commit(
    in_town_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.register_resident(
            email="x@example.org", password="a-long-enough-pw-123", full_name="Xaver"
        )
    assert len(mail.outbox) == 1
    assert "Alpha" in mail.outbox[0].subject
