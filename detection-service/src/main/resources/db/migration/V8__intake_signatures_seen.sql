-- Signed intake requests seen within their replay window: a signature seen before is a replay, answered 202 and
-- dropped before it raises anything. Only a hash of the signature is kept; rows older than the window are pruned.
create table intake_signature (
    integration_id text        not null,
    signature_hash text        not null,
    seen_at        timestamptz not null,
    primary key (integration_id, signature_hash)
);
create index intake_signature_age on intake_signature (seen_at);
