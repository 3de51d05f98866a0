-- Trigram indexes make substring search (ILIKE '%…%') on transactions fast. pg_trgm is a trusted
-- extension (PostgreSQL 13+): the database owner may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
