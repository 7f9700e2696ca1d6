package dev.aiim.incident.domain;

import dev.aiim.contracts.incident.PostIncidentReview;
import dev.aiim.incident.domain.IncidentCommand.AddActionItem;
import dev.aiim.incident.domain.IncidentCommand.CompleteActionItem;
import dev.aiim.incident.domain.IncidentCommand.DraftReview;
import dev.aiim.incident.domain.IncidentEvent.ActionItemAdded;
import dev.aiim.incident.domain.IncidentEvent.ActionItemCompleted;
import dev.aiim.incident.domain.IncidentEvent.ReviewDrafted;
import dev.aiim.incident.domain.IncidentEvent.ReviewPublished;

import java.util.List;

import static dev.aiim.incident.domain.IncidentRules.required;

/** The post-incident review and its action items. */
final class ReviewPhase {

    private ReviewPhase() {
    }

    static List<IncidentEvent> draftReview(Incident s, DraftReview c, CommandContext ctx) {
        ResponseAction.DRAFT_REVIEW.check(s, ctx);
        PostIncidentReview review = c.review();
        if (review == null) {
            throw IncidentRefusal.invalid("summary", "must not be blank");
        }
        required("summary", review.summary());
        if (s.reviewPublished()) {
            throw IncidentRefusal.rule("The post-incident review is already published");
        }
        return List.of(new ReviewDrafted(review, ctx.now(), ctx.actor()));
    }

    static List<IncidentEvent> publishReview(Incident s, CommandContext ctx) {
        ResponseAction.PUBLISH_REVIEW.check(s, ctx);
        if (s.review() == null) {
            throw IncidentRefusal.rule("There is no review to publish: draft it first (PUT .../review)");
        }
        if (s.reviewPublished()) {
            throw IncidentRefusal.rule("The post-incident review is already published");
        }
        return List.of(new ReviewPublished(s.review().content(), ctx.now(), ctx.actor()));
    }

    static List<IncidentEvent> addActionItem(Incident s, AddActionItem c, CommandContext ctx) {
        ResponseAction.ADD_ACTION_ITEM.check(s, ctx);
        required("title", c.title());
        required("owner", c.owner());
        if (c.dueDate() == null) {
            throw IncidentRefusal.invalid("dueDate", "must be a date such as 2026-12-31");
        }
        if (c.kind() == null) {
            throw IncidentRefusal.invalid("kind", "must be PREVENT, DETECT, RESPOND or PROCESS");
        }
        return List.of(new ActionItemAdded(ctx.newId(), c.title(), c.owner(), c.dueDate(), c.kind(), ctx.now(),
                ctx.actor()));
    }

    static List<IncidentEvent> completeActionItem(Incident s, CompleteActionItem c, CommandContext ctx) {
        ResponseAction.COMPLETE_ACTION_ITEM.check(s, ctx);
        Incident.ActionItem item = s.actionItems().stream().filter(i -> i.id().equals(c.itemId())).findFirst()
                .orElseThrow(() -> IncidentRefusal.notFound("Action item " + c.itemId() + " is not on this incident"));
        if (item.completedAt() != null) {
            throw IncidentRefusal.rule("Action item " + c.itemId() + " was completed at " + item.completedAt());
        }
        return List.of(new ActionItemCompleted(c.itemId(), ctx.now(), ctx.actor()));
    }

    static void onReviewDrafted(Incident.Builder b, ReviewDrafted e) {
        b.review = new Incident.Review(e.review(), e.draftedAt(), e.draftedBy(), null, null);
    }

    static void onReviewPublished(Incident.Builder b, ReviewPublished e) {
        Incident.Review draft = b.review;
        b.review = new Incident.Review(e.review(), draft == null ? e.publishedAt() : draft.draftedAt(),
                draft == null ? e.publishedBy() : draft.draftedBy(), e.publishedAt(), e.publishedBy());
        b.reviewPublished = true;
    }

    static void onActionItemAdded(Incident.Builder b, ActionItemAdded e) {
        b.actionItems.add(new Incident.ActionItem(e.itemId(), e.title(), e.owner(), e.dueDate(), e.kind(),
                e.addedAt(), e.addedBy(), null, null));
    }

    static void onActionItemCompleted(Incident.Builder b, ActionItemCompleted e) {
        b.actionItems.replaceAll(item -> item.id().equals(e.itemId()) ? new Incident.ActionItem(item.id(),
                item.title(), item.owner(), item.dueDate(), item.kind(), item.addedAt(), item.addedBy(),
                e.completedAt(), e.completedBy()) : item);
    }
}
