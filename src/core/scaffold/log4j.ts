// log4j-console.properties of the Flink docs' standalone ConfigMap (docs/reference/flink.md §2.3, §2.4, §2.6).
// Console for `kubectl logs`, plus the rolling file the Web UI and REST log endpoints serve.
import { atLeast, type FlinkVersion } from './versions';

export function log4jConsoleProperties(v: FlinkVersion): string {
  // Flink switched from Akka to Pekko in 1.18.
  const rpcLogger = atLeast(v, 1, 18)
    ? ['logger.pekko.name = org.apache.pekko', 'logger.pekko.level = INFO']
    : ['logger.akka.name = akka', 'logger.akka.level = INFO'];
  return [
    '# This affects logging for both user code and Flink',
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.console.ref = ConsoleAppender',
    'rootLogger.appenderRef.rolling.ref = RollingFileAppender',
    '',
    '# Keep common libraries at INFO; the root logger does not override these.',
    ...rpcLogger,
    'logger.kafka.name = org.apache.kafka',
    'logger.kafka.level = INFO',
    'logger.hadoop.name = org.apache.hadoop',
    'logger.hadoop.level = INFO',
    'logger.zookeeper.name = org.apache.zookeeper',
    'logger.zookeeper.level = INFO',
    '',
    '# Log all infos to the console (kubectl logs)',
    'appender.console.name = ConsoleAppender',
    'appender.console.type = CONSOLE',
    'appender.console.layout.type = PatternLayout',
    'appender.console.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n',
    '',
    '# Log all infos in the rolling file the Flink Web UI serves',
    'appender.rolling.name = RollingFileAppender',
    'appender.rolling.type = RollingFile',
    'appender.rolling.append = false',
    'appender.rolling.fileName = ${sys:log.file}',
    'appender.rolling.filePattern = ${sys:log.file}.%i',
    'appender.rolling.layout.type = PatternLayout',
    'appender.rolling.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n',
    'appender.rolling.policies.type = Policies',
    'appender.rolling.policies.size.type = SizeBasedTriggeringPolicy',
    'appender.rolling.policies.size.size = 100MB',
    'appender.rolling.strategy.type = DefaultRolloverStrategy',
    'appender.rolling.strategy.max = 10',
    '',
    '# Suppress the irrelevant (wrong) warnings from the Netty channel handler',
    'logger.netty.name = org.jboss.netty.channel.DefaultChannelPipeline',
    'logger.netty.level = OFF',
    '',
  ].join('\n');
}
