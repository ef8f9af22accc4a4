"""SegEval nightly validation as an Airflow DAG (apache-airflow-providers-apache-spark).

The task submits SegEval's application jar (jobs/target/segeval-jobs-0.1.0-app.jar, built by
deploy/submit or `mvn package`; copy it where the Airflow workers can read it) with the options of
deploy/nightly/nightly.properties. spark-submit returns the driver's exit status in client mode:
a missed quality gate (exit 3) fails the task, so Airflow alerts and any task downstream of it
(e.g. one that publishes the checkpoint; add your own) does not run. The metrics of every run are
appended to the --history table (partitioned by the UTC day the run started) for the dashboards.
OUTPUT is named after {{ ds }}, Airflow's logical date: for a daily schedule the day before the
run, where the crontab example names it after the day it runs.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

SEGEVAL_JAR = "/opt/segeval/segeval-jobs-0.1.0-app.jar"
CONFIG = "/opt/segeval/deploy/nightly/nightly.properties"

with DAG(
    dag_id="segeval_nightly",
    schedule="30 2 * * *",
    start_date=datetime(2025, 1, 1),
    catchup=False,
    # One run at a time, as the crontab's flock: a run triggered by hand while the scheduled one
    # goes on is queued until it ends, instead of a second evaluation competing for the cluster.
    max_active_runs=1,
    default_args={"retries": 0, "email_on_failure": True, "email": ["ml-oncall@example.com"]},
    dagrun_timeout=timedelta(hours=4),
) as dag:
    evaluate = SparkSubmitOperator(
        task_id="evaluate",
        conn_id="spark_default",  # master yarn, deploy mode client
        application=SEGEVAL_JAR,
        java_class="io.segeval.jobs.SegEvalMain",
        application_args=[
            "evaluate",
            "--config", CONFIG,
            "--output", "hdfs:///lake/segmentation/segeval_runs/{{ ds }}",
        ],
        num_executors=20,
        executor_memory="6g",
        driver_memory="4g",
        conf={"spark.sql.shuffle.partitions": "400"},
    )
