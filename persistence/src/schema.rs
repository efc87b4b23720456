//! The portable schema, shared by SQLite and PostgreSQL (see `migrations/`).

mod annex_tables;
mod procedure;
mod webhook_tables;
pub use annex_tables::{annex_objects, annexes};
pub use procedure::{grounds_notices, redress_requests, review_ratings, review_responses};
pub use webhook_tables::{webhook_attempts, webhook_deliveries, webhook_endpoints, webhook_events};

diesel::table! {
    organizations (id) {
        id -> Text,
        name -> Text,
        kind -> Text,
        tax_code -> Text,
        ipa_code -> Nullable<Text>,
        created_at -> Timestamp,
        verified_at -> Nullable<Timestamp>,
        verified_by -> Nullable<Text>,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        organization_id -> Text,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        locale -> Text,
        is_org_owner -> Bool,
        email_verified_at -> Nullable<Timestamp>,
        token_version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        expertise -> Text,
        left_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    user_roles (user_id, role) {
        user_id -> Text,
        role -> Text,
        granted_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_reason -> Nullable<Text>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        session_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    personal_access_tokens (id) {
        id -> Text,
        user_id -> Text,
        name -> Text,
        token_hash -> Text,
        scopes -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    account_tokens (id) {
        id -> Text,
        user_id -> Text,
        purpose -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    invitations (id) {
        id -> Text,
        organization_id -> Text,
        email -> Text,
        invited_by -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
        accepted_by -> Nullable<Text>,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        template -> Text,
        locale -> Text,
        recipient -> Text,
        params -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (seq) {
        seq -> BigInt,
        id -> Text,
        occurred_at -> Timestamp,
        actor_id -> Nullable<Text>,
        action -> Text,
        target_type -> Text,
        target_id -> Text,
        details -> Text,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    audit_head (id) {
        id -> Integer,
        seq -> BigInt,
        hash -> Text,
        unkeyed_until -> BigInt,
        key_id -> Text,
        mac -> Text,
    }
}

diesel::table! {
    needs (id) {
        id -> Text,
        organization_id -> Text,
        author_id -> Text,
        title -> Text,
        description -> Text,
        pillars -> Text,
        tags -> Text,
        urgency -> Text,
        population -> BigInt,
        budget_min_eur -> Nullable<BigInt>,
        budget_max_eur -> Nullable<BigInt>,
        public -> Bool,
        state -> Text,
        merged_into -> Nullable<Text>,
        challenge_id -> Nullable<Text>,
        closed_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        revision -> Integer,
    }
}

diesel::table! {
    need_cosignatures (need_id, organization_id) {
        need_id -> Text,
        organization_id -> Text,
        user_id -> Text,
        note -> Nullable<Text>,
        population -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    need_events (id) {
        id -> Text,
        need_id -> Text,
        action -> Text,
        actor_id -> Nullable<Text>,
        detail -> Nullable<Text>,
        occurred_at -> Timestamp,
    }
}

diesel::table! {
    challenge_sponsors (challenge_id, organization_id) {
        challenge_id -> Text,
        organization_id -> Text,
        added_at -> Timestamp,
    }
}

diesel::table! {
    adoptions (service_id, organization_id) {
        service_id -> Text,
        organization_id -> Text,
        state -> Text,
        started_on -> Nullable<Text>,
        ended_on -> Nullable<Text>,
        note -> Nullable<Text>,
        listed -> Bool,
        declared_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    community_messages (id) {
        id -> Text,
        service_id -> Text,
        sender_id -> Text,
        from_organization_id -> Text,
        to_organization_id -> Text,
        subject -> Text,
        body -> Text,
        sent_at -> Timestamp,
    }
}

diesel::joinable!(users -> organizations (organization_id));
diesel::joinable!(needs -> organizations (organization_id));
diesel::joinable!(need_cosignatures -> organizations (organization_id));
diesel::joinable!(challenge_sponsors -> organizations (organization_id));
diesel::joinable!(user_roles -> users (user_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(personal_access_tokens -> users (user_id));
diesel::joinable!(account_tokens -> users (user_id));

diesel::table! {
    challenges (id) {
        id -> Text,
        slug -> Text,
        title_it -> Text,
        title_en -> Nullable<Text>,
        description_it -> Text,
        description_en -> Nullable<Text>,
        sponsor_id -> Text,
        opens_at -> Timestamp,
        closes_at -> Nullable<Timestamp>,
        state -> Text,
        weights -> Text,
        thresholds -> Text,
        overall_threshold -> Integer,
        min_reviews -> Integer,
        revision -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        review_note -> Nullable<Text>,
        sponsor_opinions -> Bool,
        responsible_id -> Nullable<Text>,
        budget_cents -> Nullable<BigInt>,
        consensus -> Text,
        notice_of_grounds -> Bool,
        notice_days -> Integer,
        redress_days -> Integer,
        response_allowed -> Bool,
        response_days -> Integer,
        response_scores -> Bool,
        annex_rules -> Text,
    }
}

diesel::table! {
    consensus_reports (id) {
        id -> Text,
        proposal_id -> Text,
        proposal_version -> Integer,
        rapporteur_id -> Text,
        designated_by -> Text,
        state -> Text,
        score_security_sovereignty -> Nullable<Integer>,
        score_growth_development -> Nullable<Integer>,
        score_talent_skills -> Nullable<Integer>,
        score_effectiveness_sustainability -> Nullable<Integer>,
        justifications -> Nullable<Text>,
        comment -> Nullable<Text>,
        revision -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        finalised_at -> Nullable<Timestamp>,
        finalised_by -> Nullable<Text>,
    }
}

diesel::table! {
    consensus_positions (report_id, evaluator_id) {
        report_id -> Text,
        evaluator_id -> Text,
        stance -> Text,
        note -> Nullable<Text>,
        revision -> Integer,
        at -> Timestamp,
    }
}

diesel::table! {
    sponsor_opinions (proposal_id, organization_id) {
        proposal_id -> Text,
        organization_id -> Text,
        verdict -> Text,
        text -> Text,
        given_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    challenge_tags (challenge_id, tag) {
        challenge_id -> Text,
        tag -> Text,
    }
}

diesel::table! {
    proposals (id) {
        id -> Text,
        challenge_id -> Text,
        organization_id -> Text,
        created_by -> Text,
        title -> Text,
        summary -> Nullable<Text>,
        description -> Nullable<Text>,
        trl -> Nullable<Integer>,
        budget_cents -> Nullable<BigInt>,
        self_assessment -> Text,
        state -> Text,
        version -> Integer,
        revision -> Integer,
        submitted_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        reuse_assessment -> Nullable<Text>,
    }
}

diesel::table! {
    proposal_tags (proposal_id, tag) {
        proposal_id -> Text,
        tag -> Text,
    }
}

diesel::table! {
    proposal_team (proposal_id, user_id) {
        proposal_id -> Text,
        user_id -> Text,
    }
}

diesel::table! {
    proposal_history (id) {
        id -> Text,
        proposal_id -> Text,
        actor_id -> Nullable<Text>,
        action -> Text,
        from_state -> Nullable<Text>,
        to_state -> Text,
        note -> Nullable<Text>,
        version -> Integer,
        occurred_at -> Timestamp,
        override_reason -> Nullable<Text>,
        portfolio -> Nullable<Text>,
    }
}

diesel::table! {
    proposal_versions (proposal_id, version) {
        proposal_id -> Text,
        version -> Integer,
        snapshot -> Text,
        submitted_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (user_id, key) {
        user_id -> Text,
        key -> Text,
        operation -> Text,
        request_hash -> Text,
        resource_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    rubric_pillars (version, key) {
        version -> Text,
        key -> Text,
        position -> Integer,
        name_it -> Text,
        name_en -> Text,
        description_it -> Text,
        description_en -> Text,
        levels -> Text,
    }
}

diesel::table! {
    assignments (id) {
        id -> Text,
        proposal_id -> Text,
        proposal_version -> Integer,
        evaluator_id -> Text,
        assigned_by -> Nullable<Text>,
        due_at -> Timestamp,
        state -> Text,
        conflict_confirmed_at -> Nullable<Timestamp>,
        declined_reason -> Nullable<Text>,
        comments -> Text,
        overall_comment -> Nullable<Text>,
        confidential_comment -> Nullable<Text>,
        recommendation -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        reminder_sent_at -> Nullable<Timestamp>,
        revision -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        score_security_sovereignty -> Nullable<Integer>,
        score_growth_development -> Nullable<Integer>,
        score_talent_skills -> Nullable<Integer>,
        score_effectiveness_sustainability -> Nullable<Integer>,
        cancelled_reason -> Nullable<Text>,
    }
}

diesel::table! {
    services (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        short_description_it -> Text,
        long_description_it -> Text,
        short_description_en -> Nullable<Text>,
        long_description_en -> Nullable<Text>,
        features_it -> Text,
        features_en -> Text,
        service_model -> Nullable<Text>,
        provider_id -> Text,
        license -> Nullable<Text>,
        repository_url -> Nullable<Text>,
        landing_url -> Nullable<Text>,
        version -> Nullable<Text>,
        contacts -> Text,
        platforms -> Text,
        development_status -> Nullable<Text>,
        state -> Text,
        origin_proposal_id -> Nullable<Text>,
        score_security_sovereignty -> Nullable<Integer>,
        score_growth_development -> Nullable<Integer>,
        score_talent_skills -> Nullable<Integer>,
        score_effectiveness_sustainability -> Nullable<Integer>,
        sort_score -> Integer,
        deprecation_reason -> Nullable<Text>,
        replacement_id -> Nullable<Text>,
        revision -> Integer,
        published_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        publiccode -> Text,
    }
}

diesel::table! {
    service_tags (service_id, tag) {
        service_id -> Text,
        tag -> Text,
    }
}

diesel::table! {
    service_history (id) {
        id -> Text,
        service_id -> Text,
        actor_id -> Nullable<Text>,
        action -> Text,
        from_state -> Nullable<Text>,
        to_state -> Text,
        note -> Nullable<Text>,
        occurred_at -> Timestamp,
    }
}

diesel::joinable!(assignments -> proposals (proposal_id));
diesel::joinable!(challenge_tags -> challenges (challenge_id));
diesel::joinable!(proposals -> challenges (challenge_id));
diesel::joinable!(proposal_tags -> proposals (proposal_id));
diesel::joinable!(proposal_team -> proposals (proposal_id));
diesel::joinable!(proposal_history -> proposals (proposal_id));
diesel::joinable!(proposal_versions -> proposals (proposal_id));
diesel::joinable!(annexes -> proposals (proposal_id));
diesel::joinable!(service_tags -> services (service_id));
diesel::joinable!(adoptions -> services (service_id));
diesel::joinable!(adoptions -> organizations (organization_id));
diesel::joinable!(service_history -> services (service_id));
diesel::joinable!(sponsor_opinions -> proposals (proposal_id));
diesel::joinable!(consensus_reports -> proposals (proposal_id));
diesel::joinable!(grounds_notices -> proposals (proposal_id));
diesel::joinable!(redress_requests -> proposals (proposal_id));
diesel::joinable!(review_responses -> proposals (proposal_id));
diesel::joinable!(review_ratings -> assignments (assignment_id));
diesel::joinable!(consensus_positions -> consensus_reports (report_id));
diesel::joinable!(sponsor_opinions -> organizations (organization_id));
diesel::joinable!(webhook_deliveries -> webhook_endpoints (endpoint_id));
diesel::joinable!(webhook_deliveries -> webhook_events (event_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));

diesel::table! {
    expertise_terms (tag) {
        tag -> Text,
        label_it -> Text,
        label_en -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    expertise_terms,
    challenges,
    challenge_tags,
    proposals,
    proposal_tags,
    proposal_team,
    proposal_history,
    proposal_versions,
    idempotency_keys,
    rubric_pillars,
    assignments,
    organizations,
    users,
    user_roles,
    sessions,
    refresh_tokens,
    personal_access_tokens,
    account_tokens,
    invitations,
    outbox,
    audit_log,
    services,
    service_tags,
    service_history,
    needs,
    need_cosignatures,
    need_events,
    challenge_sponsors,
    adoptions,
    community_messages,
    sponsor_opinions,
    consensus_reports,
    consensus_positions,
    grounds_notices,
    redress_requests,
    review_responses,
    review_ratings,
    annex_objects,
    annexes,
    webhook_endpoints,
    webhook_events,
    webhook_deliveries,
    webhook_attempts,
);
