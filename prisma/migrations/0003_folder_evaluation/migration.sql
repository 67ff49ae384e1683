-- each run of the folder's own evaluation questions (eval.yaml), so the next run can say what changed
CREATE TABLE folder_evaluation_run (
  id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  folder      TEXT NOT NULL,
  passed      INTEGER NOT NULL,
  failed      INTEGER NOT NULL,
  outcomes    JSONB NOT NULL,
  created_at  TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX folder_evaluation_run_folder_created ON folder_evaluation_run (folder, created_at DESC);
