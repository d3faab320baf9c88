"""Signals other apps can listen to (e.g. courses enrolling a buyer). Sent after the transaction commits.

    from payments.signals import offer_purchased, offer_access_revoked

    @receiver(offer_purchased)
    def enroll(sender, payment, **kwargs): ...   # payment.buyer, payment.offer

`offer_access_revoked` fires when a refund in full or a dispute ends a buyer's access (kwargs: payment, refund).
Access itself is always answered by `payments.selectors.member_has_access`.
"""
from django.dispatch import Signal

offer_purchased = Signal()
offer_access_revoked = Signal()
