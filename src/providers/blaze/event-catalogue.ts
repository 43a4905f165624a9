/**
 * The BLAZE `webHookType` values of the swagger enum. BLAZE publishes neither payload schemas
 * nor samples, so `schema` is null and the examples are illustrative: field names follow the
 * Partner API's ConsumerCart, ConsumerUser, Member, Transaction and Product models.
 */
import type { EventType } from '../contract.ts';

interface CatalogueEntry {
  name: string;
  title: string;
  description: string;
  category: string;
  example: Record<string, unknown>;
}

const SHOP = '5f0c8a1e2b3c4d5e6f708192';
const COMPANY = '5f0c8a1e2b3c4d5e6f708100';

const consumerOrder = {
  id: '64b7f0c2a1b2c3d4e5f60718',
  companyId: COMPANY,
  shopId: SHOP,
  consumerId: '64b7ef11a1b2c3d4e5f60001',
  orderNo: '1042',
  cartStatus: 'Placed',
  pickUpType: 'Pickup',
  cart: { subTotal: 45.0, totalDiscount: 5.0, tax: 6.4, total: 46.4, items: [{ productId: '64b7e000a1b2c3d4e5f6a001', quantity: 2 }] },
  created: 1_700_000_000_000,
  modified: 1_700_000_000_000,
};

const consumerUser = {
  id: '64b7ef11a1b2c3d4e5f60001',
  companyId: COMPANY,
  email: 'jane.doe@example.com',
  firstName: 'Jane',
  lastName: 'Doe',
  primaryPhone: '+15555550100',
  dob: 631_152_000_000,
  verified: false,
  created: 1_700_000_000_000,
  modified: 1_700_000_000_000,
};

const member = {
  id: '64b7ef99a1b2c3d4e5f60002',
  companyId: COMPANY,
  shopId: SHOP,
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'jane.doe@example.com',
  primaryPhone: '+15555550100',
  status: 'Active',
  loyaltyPoints: 120,
  created: 1_700_000_000_000,
  modified: 1_700_000_000_000,
};

/** In the order of the swagger enum. */
const ENTRIES: CatalogueEntry[] = [
  {
    name: 'NEW_CONSUMER_ORDER',
    title: 'New consumer order',
    description: 'A consumer placed an online order (ConsumerCart).',
    category: 'Consumer orders',
    example: consumerOrder,
  },
  {
    name: 'NEW_CONSUMER_SIGNUP',
    title: 'New consumer sign-up',
    description: 'A consumer created an online account (ConsumerUser).',
    category: 'Consumers',
    example: consumerUser,
  },
  {
    name: 'UPDATE_CONSUMER_ORDER',
    title: 'Consumer order updated',
    description: 'An online order changed status or content.',
    category: 'Consumer orders',
    example: { ...consumerOrder, cartStatus: 'Accepted', modified: 1_700_000_600_000 },
  },
  {
    name: 'UPDATE_CONSUMER_USER',
    title: 'Consumer updated',
    description: "A consumer's online account changed.",
    category: 'Consumers',
    example: { ...consumerUser, verified: true, modified: 1_700_000_600_000 },
  },
  {
    name: 'NEW_MEMBER',
    title: 'New member',
    description: 'A customer was added to the dispensary (Member).',
    category: 'Members',
    example: member,
  },
  {
    name: 'UPDATE_MEMBER',
    title: 'Member updated',
    description: "A dispensary customer's record changed.",
    category: 'Members',
    example: { ...member, loyaltyPoints: 150, modified: 1_700_000_600_000 },
  },
  {
    name: 'COMPLETE_TRANSACTION',
    title: 'Transaction completed',
    description: 'A sale was completed at the point of sale (Transaction).',
    category: 'Transactions',
    example: {
      id: '64b7f5aaa1b2c3d4e5f60003',
      companyId: COMPANY,
      shopId: SHOP,
      transNo: '20931',
      memberId: member.id,
      status: 'Completed',
      cart: { subTotal: 60.0, totalDiscount: 0, tax: 9.0, total: 69.0 },
      processedTime: 1_700_000_900_000,
      created: 1_700_000_800_000,
      modified: 1_700_000_900_000,
    },
  },
  {
    name: 'UPDATE_PRODUCT',
    title: 'Product updated',
    description: 'A product of the shop catalogue changed (Product).',
    category: 'Products',
    example: {
      id: '64b7e000a1b2c3d4e5f6a001',
      companyId: COMPANY,
      shopId: SHOP,
      sku: 'BLZ-0001',
      name: 'Blue Dream 3.5g',
      category: { id: '64b7df00a1b2c3d4e5f6b001', name: 'Flower' },
      unitPrice: 22.5,
      active: true,
      created: 1_700_000_000_000,
      modified: 1_700_000_600_000,
    },
  },
];

/** The catalogue as the gateway shows it; a fresh copy per call so callers cannot share mutations. */
export function blazeEventTypes(): EventType[] {
  return ENTRIES.map((entry) => ({
    provider: 'BLAZE',
    name: entry.name,
    title: entry.title,
    description: entry.description,
    category: entry.category,
    schema: null,
    example: structuredClone(entry.example),
  }));
}

