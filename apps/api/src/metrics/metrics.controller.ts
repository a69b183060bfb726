import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LedgerMetrics, PROMETHEUS_CONTENT_TYPE } from '@lib/metrics';
import { Public } from '../http';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly ledgerMetrics: LedgerMetrics) {}

  @Get()
  @Public()
  @Header('Content-Type', PROMETHEUS_CONTENT_TYPE)
  @ApiOperation({
    summary:
      'Prometheus metrics: request duration histograms by route pattern and status, problem ' +
      'answers by code, Node’s default metrics, PG calls, projection lag, reconcilers, settlements',
    description: 'The list, with the labels of each, is in the README ("Operating the ledger").',
  })
  @ApiOkResponse({
    description: 'Prometheus text format 0.0.4',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  metrics(): Promise<string> {
    return this.ledgerMetrics.render();
  }
}
