package dev.fathom.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** One local[2] Spark context shared by the test classes of this module (it takes seconds to start). */
final class LocalSpark {
  private static JavaSparkContext jsc;

  private LocalSpark() {}

  static synchronized JavaSparkContext get() {
    if (jsc == null) {
      SparkConf conf = new SparkConf()
          .setMaster("local[2]")
          .setAppName("fathom-spark-tests")
          .set("spark.ui.enabled", "false")
          .set("spark.driver.host", "127.0.0.1")
          .set("spark.driver.bindAddress", "127.0.0.1")
          .set("spark.default.parallelism", "2")
          .set("spark.sql.shuffle.partitions", "2")
          .set("spark.scheduler.barrier.maxConcurrentTasksCheck.maxFailures", "1")
          .set("spark.scheduler.barrier.maxConcurrentTasksCheck.interval", "1s")
          .set("spark.stage.maxConsecutiveAttempts", "4");
      jsc = new JavaSparkContext(conf);
      jsc.setLogLevel("ERROR");
      Runtime.getRuntime().addShutdownHook(new Thread(jsc::stop));
    }
    return jsc;
  }
}
