"""``exportscreen review``: record, list and remove reviewers' decisions on party hits."""

from __future__ import annotations

import getpass
from datetime import date as date_type
from pathlib import Path
from typing import Annotated

import typer

from exportscreen.cli.common import (
    NoBuiltinPartyListsOption,
    PartyListFormatOption,
    PartyListOption,
    fail,
    user_errors,
)

app = typer.Typer(
    help="Record reviewers' decisions on restricted-party hits (suppressions).",
    no_args_is_help=True,
)
ReviewsFile = Annotated[
    Path, typer.Option("--reviews", help="The reviews file to change (created if missing).")
]
DEFAULT = Path("exportscreen-reviews.yaml")


def _date(text: str | None, option: str) -> date_type | None:
    from exportscreen.declaration import parse_date

    if text is None:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise fail(f"{option}: {exc}") from None


@app.command("add")
def add(
    name: Annotated[str, typer.Option(help="The consignee or end-user name exactly as declared.")],
    list_id: Annotated[str, typer.Option("--list", help="The list id of the hit.")],
    entity: Annotated[str, typer.Option(help="The entry id of the hit.")],
    reason: Annotated[str, typer.Option(help="Why: the evidence for the verdict.")],
    verdict: Annotated[str, typer.Option(help="false_positive or confirmed.")] = "false_positive",
    country: Annotated[
        str | None,
        typer.Option(help="Only when the declared consignee country is this one (ISO code)."),
    ] = None,
    reviewer: Annotated[
        str | None, typer.Option(help="Who decided (default: your user name).")
    ] = None,
    expires: Annotated[
        str | None, typer.Option(help="Last day the review holds (YYYY-MM-DD).")
    ] = None,
    reviews: ReviewsFile = DEFAULT,
    party_list: PartyListOption = None,
    party_list_format: PartyListFormatOption = None,
    no_builtin_party_lists: NoBuiltinPartyListsOption = False,
) -> None:
    """Record a decision on one hit: this declared name against this list entry."""
    from exportscreen.pipeline import load_engine
    from exportscreen.reviews import Review, Reviews

    with user_errors():
        engine = load_engine(
            party_lists=party_list or [],
            party_list_format=party_list_format,
            builtin_party_lists=not no_builtin_party_lists,
        )
        if (list_id, entity) not in engine.party_lists.entries:
            raise fail(
                f"no entry {entity!r} in list {list_id!r}; copy both ids from the hit "
                "('exportscreen parties search NAME --format json')"
            )
        review = Review.create(
            name=name,
            list_id=list_id,
            entity_id=entity,
            verdict=verdict,
            reviewer=reviewer or _user(),
            reason=reason,
            reviewed_on=date_type.today(),
            country=country,
            expires=_date(expires, "--expires"),
        )
        collection = Reviews.load(reviews, missing_ok=True).add(review)
        collection.save(reviews)
    typer.echo(f"recorded {review.id} ({review.verdict}) in {reviews}")


@app.command("list")
def list_reviews(
    reviews: ReviewsFile = DEFAULT,
    date: Annotated[
        str | None, typer.Option(help="Judge expiry on this date (default: today).")
    ] = None,
) -> None:
    """Show the recorded reviews and whether each is still in force."""
    from exportscreen.reviews import Reviews

    with user_errors():
        on = _date(date, "--date") or date_type.today()
        collection = Reviews.load(reviews, missing_ok=True)
    if not len(collection):
        typer.echo(f"no reviews in {reviews}")
        return
    for review in collection:
        state = "in force" if review.active_on(on) else f"expired {review.expires}"
        where = f" [{review.country}]" if review.country else ""
        typer.echo(
            f"{review.id}  {review.verdict:<14} {state:<18} {review.name!r}{where} ~ "
            f"{review.list_id}/{review.entity_id} — {review.reviewer}, "
            f"{review.reviewed_on}: {review.reason}"
        )


@app.command("remove")
def remove(
    review_id: Annotated[str, typer.Argument(help="The review's id (see 'review list').")],
    reviews: ReviewsFile = DEFAULT,
) -> None:
    """Remove a review: the hit counts again from the next screening."""
    from exportscreen.reviews import Reviews

    with user_errors():
        collection = Reviews.load(reviews).remove(review_id)
        collection.save(reviews)
    typer.echo(f"removed {review_id} from {reviews}")


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return "unknown"
