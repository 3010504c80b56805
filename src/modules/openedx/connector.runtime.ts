import type { Config } from '../../config';
import type { Orm } from '../../db/orm';
import type { Logger } from '../../shared/logger';
import type { Metrics } from '../../shared/metrics';
import { IngestService, type ProgressListener } from '../progress';
import { BusInspector, type BusStatusSource } from './bus-inspector';
import type { ConnectorDeps } from './connector.service';
import { BusConsumer, type ConnectorConfig } from './consumer';
import type { CourseImporter } from './course-import';
import type { PipelineDeps } from './pipeline';

export interface ConnectorRuntime {
  /** What the API's connectorStatus, connectorFailures and replay use. */
  deps: ConnectorDeps;
  /** The consumer of this process, when it runs one. */
  consumer: BusConsumer | null;
  stop(): Promise<void>;
}

/** The ingest the connector writes through: the same listeners as recordProgress. */
export function connectorPipeline(options: {
  config: Config;
  logger: Logger;
  listeners: readonly ProgressListener[];
  courseImporter?: CourseImporter;
}): Omit<PipelineDeps, 'em'> {
  const { config, logger, listeners, courseImporter } = options;
  const maxBatchFacts = Math.max(config.maxBatchFacts, config.openedx.batchSize);
  return {
    logger,
    courseImporter,
    ingest: (em) => new IngestService(em, { maxBatchFacts, listeners, logger }),
  };
}

/**
 * The connector of one process: a consumer when `consume` (LAUREL_ROLE=connector, or `all`
 * with OPENEDX_EVENT_BUS_URL), otherwise only what admins' queries need.
 */
export function startConnector(options: {
  config: Config;
  orm: Orm;
  logger: Logger;
  metrics: Metrics;
  listeners: readonly ProgressListener[];
  courseImporter?: CourseImporter;
  consume: boolean;
  /** Waits for room to apply a batch (admission control); see BusConsumer. */
  room?: (stopping: () => boolean) => Promise<(() => void) | null>;
}): ConnectorRuntime {
  const { config, orm, metrics } = options;
  const pipeline = connectorPipeline(options);
  const url = config.openedx.eventBusUrl;
  const busConfig: ConnectorConfig | null = url ? { ...config.openedx, eventBusUrl: url } : null;
  const consumer =
    busConfig && options.consume
      ? new BusConsumer(busConfig, {
          ...pipeline,
          em: () => orm.em.fork(),
          metrics,
          room: options.room,
        })
      : null;
  const inspector = busConfig && !consumer ? new BusInspector(busConfig) : null;
  const bus: BusStatusSource | null = consumer ?? inspector;
  consumer?.start();
  return {
    deps: { config: config.openedx, bus, pipeline },
    consumer,
    stop: async () => {
      await consumer?.stop();
      await inspector?.close();
    },
  };
}
