//! The procedure's tables (issue 19): the notice of the grounds, requests for review, the team's response
//! to the reviews, the reviews' ratings. Their joins are declared with the others in the parent module.

diesel::table! {
    grounds_notices (proposal_id, proposal_version) {
        proposal_id -> Text,
        proposal_version -> Integer,
        grounds -> Text,
        notified_by -> Text,
        notified_at -> Timestamp,
        due_at -> Timestamp,
        observations -> Nullable<Text>,
        observed_by -> Nullable<Text>,
        observed_at -> Nullable<Timestamp>,
        reply -> Nullable<Text>,
    }
}

diesel::table! {
    redress_requests (proposal_id, proposal_version) {
        proposal_id -> Text,
        proposal_version -> Integer,
        statement -> Text,
        filed_by -> Text,
        filed_at -> Timestamp,
        decided_by -> Nullable<Text>,
        decided_at -> Timestamp,
        state -> Text,
        handled_by -> Nullable<Text>,
        handled_at -> Nullable<Timestamp>,
        reason -> Nullable<Text>,
    }
}

diesel::table! {
    review_responses (proposal_id, proposal_version) {
        proposal_id -> Text,
        proposal_version -> Integer,
        opened_at -> Timestamp,
        due_at -> Timestamp,
        with_scores -> Bool,
        response -> Nullable<Text>,
        answered_by -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    review_ratings (assignment_id, rater_id) {
        assignment_id -> Text,
        rater_id -> Text,
        labels -> Text,
        note -> Nullable<Text>,
        rated_at -> Timestamp,
    }
}
