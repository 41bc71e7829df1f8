-- A media job's work lives in the database, not in the process that runs it. When the job starts it records
-- the photos it waits for (job_media); every later look at the job reads their state from listing_media, and
-- between looks the job holds no worker thread: its execution is rescheduled (job.waiting), so any process
-- can take the next look and a process that dies loses nothing.
CREATE TABLE job_media (
    job_id    bigint           NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    feed_id   text COLLATE "C" NOT NULL,
    media_key text COLLATE "C" NOT NULL,
    PRIMARY KEY (job_id, media_key)
);

-- True while a job waits for work held in the database (a media job's photos) between two looks at it; a look
-- is not a new attempt.
ALTER TABLE job ADD COLUMN waiting boolean NOT NULL DEFAULT false;
