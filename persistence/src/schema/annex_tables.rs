//! The annexes' tables (issue 20). Their joins are declared with the others in the parent module.

diesel::table! {
    annex_objects (sha256) {
        sha256 -> Text,
        size -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    annexes (id) {
        id -> Text,
        proposal_id -> Text,
        version -> Integer,
        rule_key -> Text,
        filename -> Text,
        kind -> Text,
        size -> BigInt,
        sha256 -> Text,
        pages -> Nullable<Integer>,
        uploaded_by -> Text,
        created_at -> Timestamp,
    }
}
