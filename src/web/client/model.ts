/** The model the server runs, fetched once from `GET /api/model`, with the questions screens ask of it. */
import type { KindDoc, ModelDoc } from '../../protocol/index.ts';
import { createStore } from './store.ts';

/** The loaded model, or undefined until it arrives. */
export const modelStore = createStore<ModelDoc | undefined>(undefined);

/** The kinds a role initiates, as [id, kind] pairs in model order (pure). */
export function kindsInitiatedBy(model: ModelDoc, role: string): [string, KindDoc][] {
  return Object.entries(model.transactionKinds).filter(([, kind]) => kind.initiator === role);
}

/** A role's name, or its id when unknown (pure). */
export function roleName(model: ModelDoc | undefined, role: string): string {
  return model?.actorRoles[role]?.name ?? role;
}

/** A business name in words: `PartsOrder` → `Parts order` (pure). */
export function nameInWords(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  return words.charAt(0) + words.slice(1).toLowerCase();
}

/** A kind's business name in words (`Parts order`), or its id when unknown (pure). */
export function kindName(model: ModelDoc | undefined, kind: string): string {
  const name = model?.transactionKinds[kind]?.name;
  return name === undefined ? kind : nameInWords(name);
}

/** Whether a role is personal: its actors see only what is theirs (pure). */
export function isPersonal(model: ModelDoc | undefined, role: string): boolean {
  return model?.actorRoles[role]?.personal ?? false;
}
