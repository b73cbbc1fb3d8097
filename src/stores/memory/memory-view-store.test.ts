import { describeViewStore } from '../contract/describe-view-store.ts';
import { memoryViewStore } from './memory-view-store.ts';

describeViewStore('memory', () => Promise.resolve({ views: memoryViewStore() }));
