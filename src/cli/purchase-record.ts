import type { NumbersApi } from '../api/client.ts';

/**
 * The API as given, noting every purchase request that was answered (number → id), so the summary
 * of an apply stopped mid-way reports purchases made as made, whatever step was left unfinished.
 */
export function recordPurchases(api: NumbersApi): { api: NumbersApi; bought: ReadonlyMap<string, string> } {
  const bought = new Map<string, string>();
  return {
    bought,
    api: {
      listNumbers: () => api.listNumbers(),
      getNumber: (id) => api.getNumber(id),
      createNumber: async (input) => {
        const created = await api.createNumber(input);
        bought.set(input.number, created.number.id);
        return created;
      },
      updateNumber: (id, fields) => api.updateNumber(id, fields),
      updateMetadata: (id, fields) => api.updateMetadata(id, fields),
      deleteNumber: (id) => api.deleteNumber(id),
      listFlows: () => api.listFlows(),
      close: () => api.close(),
    },
  };
}
