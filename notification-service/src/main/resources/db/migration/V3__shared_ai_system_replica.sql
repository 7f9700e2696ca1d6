-- The AI-system replica has the same shape in every service that keeps one (platform-common's AiSystemReplica):
-- the client's name is a column too, for lookups by client.
alter table ai_system add column client_name varchar(300);
update ai_system set client_name = data -> 'client' ->> 'name';
create index ai_system_client on ai_system (client_name);
