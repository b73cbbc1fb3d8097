import { describeEventStore } from '../contract/describe-event-store.ts';
import { memoryEventStore } from './memory-event-store.ts';

describeEventStore('memory', () => Promise.resolve({ store: memoryEventStore() }));
