"""Outgoing email over SMTP (``SMTP_*`` settings), or to the log when no ``SMTP_HOST`` is set.

One connection serves a run of messages (the reminder worker sends many at once). STARTTLS is
used whenever the server offers it, port 465 speaks TLS from the start, and a password is
never sent over a connection without TLS. Each message has a stable ``Message-ID`` chosen by
the caller: should a crash make the worker send one again, mail programs that fold duplicate
ids (most do) show it once.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.charset import QP, Charset
from email.header import Header
from email.mime.text import MIMEText
from email.utils import formatdate, parseaddr
from types import TracebackType

from todo_reflex.core.settings import Settings

logger = logging.getLogger(__name__)
IMPLICIT_TLS_PORT = 465
SMTP_ERRORS = (smtplib.SMTPException, OSError)
"""What a failed send raises: refused by the server, or the server out of reach."""
_UTF8 = Charset("utf-8")
_UTF8.body_encoding = QP  # readable bodies; headers are encoded words when not ASCII


@dataclass(frozen=True)
class Mail:
    """One message to one recipient."""

    to: str
    subject: str
    body: str
    message_id: str


class MailError(Exception):
    """A message could not be handed to the SMTP server; ``retryable`` unless refused for good.

    Refused for good: a 5xx answer to the recipient or the message. Everything else (server out
    of reach, a 4xx answer, a login or TLS setting the operator can fix) may work later.
    """

    def __init__(self, message: str, *, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


def _refused_for_good(error: BaseException) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return (isinstance(error, smtplib.SMTPResponseException | smtplib.SMTPSenderRefused)
            and not isinstance(error, smtplib.SMTPAuthenticationError)
            and error.smtp_code >= 500)


class Mailer:
    """Hands messages to the configured SMTP server; use it as a context manager."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    @property
    def logs_only(self) -> bool:
        """Whether mail goes to the log (no ``SMTP_HOST``)."""
        return not self.settings.smtp_host

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def domain(self) -> str:
        """The sender's domain, for message ids."""
        return parseaddr(self.settings.smtp_from)[1].rpartition("@")[2] or "localhost"

    def send(self, mail: Mail) -> str:
        """Send ``mail``: ``"sent"``, or ``"logged"`` without an SMTP server.

        Raises:
            MailError: The server refused it or could not be reached (after one reconnect).
        """
        if self.logs_only:
            logger.info("mail (no SMTP_HOST set, so written here) to %s: %s\n%s",
                        mail.to, mail.subject, mail.body)
            return "logged"
        message = self._message(mail)
        for attempt in (1, 2):
            try:
                self._connection().send_message(message)
                return "sent"
            except smtplib.SMTPServerDisconnected as error:  # an idle connection was closed
                self.close()
                if attempt == 2:
                    raise MailError(f"the SMTP server hung up: {error}") from error
            except SMTP_ERRORS as error:
                self.close()
                raise MailError(f"{type(error).__name__}: {error}",
                                retryable=not _refused_for_good(error)) from error
        raise AssertionError("unreachable")

    def _message(self, mail: Mail) -> MIMEText:
        """The message (the compat32 classes: a sixth of ``EmailMessage``'s cost per mail)."""
        message = MIMEText(mail.body, "plain", _UTF8)
        message["From"] = self.settings.smtp_from
        message["To"] = mail.to
        message["Subject"] = Header(" ".join(mail.subject.split()), _UTF8)  # one line
        message["Date"] = formatdate(localtime=False, usegmt=True)
        message["Message-ID"] = mail.message_id
        message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to this
        return message

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            self._smtp = self._connect()
        return self._smtp

    def _connect(self) -> smtplib.SMTP:
        """Connect, upgrade to TLS when offered, and log in when a user is set."""
        settings = self.settings
        context = ssl.create_default_context()
        timeout = settings.smtp_timeout_seconds
        smtp: smtplib.SMTP
        if settings.smtp_port == IMPLICIT_TLS_PORT:
            smtp = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=timeout,
                                    context=context)
        else:
            smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
        try:
            smtp.ehlo()
            encrypted = isinstance(smtp, smtplib.SMTP_SSL)
            if not encrypted and smtp.has_extn("starttls"):
                smtp.starttls(context=context)
                smtp.ehlo()
                encrypted = True
            if settings.smtp_user:
                if not encrypted:
                    raise MailError("the SMTP server offers no STARTTLS: SMTP_PASSWORD is not "
                                    "sent in the clear")
                smtp.login(settings.smtp_user, settings.smtp_password.get_secret_value())
        except BaseException:
            smtp.close()
            raise
        return smtp

    def close(self) -> None:
        """Say goodbye to the server, if connected."""
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except SMTP_ERRORS:
            smtp.close()
