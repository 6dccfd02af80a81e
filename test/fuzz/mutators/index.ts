// Every file kind the fuzz harness covers.
import { dockerfileMutator } from './dockerfile';
import { kubernetesMutator } from './kubernetes';
import type { Mutator } from './types';

export type { Mutator };

export const MUTATORS: readonly Mutator[] = [dockerfileMutator, kubernetesMutator];
