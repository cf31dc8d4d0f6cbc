/**
 * The customers table as scoring reads it: parallel `Scan` segments projected onto the purchase
 * statistics and the ledger revision, customers without purchases filtered out. Items are read
 * straight from the wire format: at a million customers the generic unmarshaller would be the
 * slowest part of a scoring run.
 */
import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { CategoryStats } from '../domain/purchase-stats.js';
import { purchaseHistory } from '../domain/purchase-stats.js';
import type { CustomerPopulation, ScoringCandidate } from '../ports/scoring-store.js';
import type { Item } from './dynamodb-batch.js';

const PROJECTION = {
  ProjectionExpression:
    '#id, #rev, #stats.#days, #stats.#spend, #stats.#firstDay, #stats.#categories, #stats.#last',
  FilterExpression: 'attribute_exists(#stats.#days)',
  ExpressionAttributeNames: {
    '#id': 'customerId',
    '#rev': 'rev',
    '#stats': 'stats',
    '#days': 'purchaseDays',
    '#spend': 'spend',
    '#firstDay': 'firstDaySpend',
    '#categories': 'categories',
    '#last': 'lastPurchaseAt',
  },
};

const num = (value: AttributeValue | undefined) => Number(value?.N ?? 0);

function categoriesOf(value: AttributeValue | undefined): Record<string, CategoryStats> {
  const categories: Record<string, CategoryStats> = {};
  for (const [name, category] of Object.entries(value?.M ?? {})) {
    categories[name] = {
      lastPurchaseAt: category.M?.lastPurchaseAt?.S ?? '',
      orders: num(category.M?.orders),
    };
  }
  return categories;
}

export function candidateOf(item: Item): ScoringCandidate {
  const stats = item.stats?.M ?? {};
  return {
    customerId: item.customerId?.S ?? '',
    statsRev: num(item.rev),
    history: purchaseHistory({
      purchaseDays: (stats.purchaseDays?.L ?? []).map((day) => Number(day.N)),
      spend: num(stats.spend),
      firstDaySpend: num(stats.firstDaySpend),
      categories: categoriesOf(stats.categories),
      lastPurchaseAt: stats.lastPurchaseAt?.S ?? '',
    }),
  };
}

export class DynamoCustomerPopulation implements CustomerPopulation {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async *scan(segment: number, totalSegments: number): AsyncIterable<readonly ScoringCandidate[]> {
    let startKey: Item | undefined;
    do {
      const out = await this.db.send(
        new ScanCommand({
          TableName: this.tableName,
          Segment: segment,
          TotalSegments: totalSegments,
          ExclusiveStartKey: startKey,
          ...PROJECTION,
        }),
      );
      const items = out.Items ?? [];
      if (items.length > 0) yield items.map(candidateOf);
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }
}
