import type { MfaChallenge } from '../connector';

/** A sandbox user's MFA plan: the challenge of each round and the answers that pass it. */
export interface MfaPlan {
  rounds: { challenge: MfaChallenge; answers: string[] }[];
}

/** The device code every sandbox device challenge accepts. */
export const SANDBOX_DEVICE_CODE = '1234';

/**
 * MFA for Plaid's sandbox credentials: `mfa_device` (code 1234), `mfa_questions_<rounds>_<per round>`
 * (the answer to question j of round i is `answer_<i>_<j>`) and `mfa_selections` (choose "Yes").
 * Plaid gives these as `user_good`'s password; Weft also takes them as usernames.
 */
export function mfaPlanFor(credential: string): MfaPlan | null {
  if (credential === 'mfa_device') return devicePlan();
  const q = /^mfa_questions_(\d)_(\d)$/.exec(credential);
  if (q) return questionsPlan(Number(q[1]), Number(q[2]));
  if (credential === 'mfa_selections') return selectionsPlan(1, 1);
  return null;
}

/** The plan a custom user's `mfa` block asks for. */
export function customMfaPlan(mfa: {
  type?: string;
  question_rounds?: number;
  questions_per_round?: number;
  selection_rounds?: number;
  selections_per_question?: number;
}): MfaPlan | null {
  if (mfa.type === 'device') return devicePlan();
  if (mfa.type === 'questions')
    return questionsPlan(clamp(mfa.question_rounds ?? 1), clamp(mfa.questions_per_round ?? 1));
  if (mfa.type === 'selections')
    return selectionsPlan(clamp(mfa.selection_rounds ?? 1), clamp(mfa.selections_per_question ?? 1));
  return null;
}

function clamp(n: number): number {
  return Math.max(1, Math.min(9, Math.trunc(n)));
}

function devicePlan(): MfaPlan {
  return {
    rounds: [
      {
        challenge: {
          type: 'device',
          message: 'Enter the code we sent to your phone ending in 0000',
          devices: ['phone'],
        },
        answers: [SANDBOX_DEVICE_CODE],
      },
    ],
  };
}

function questionsPlan(rounds: number, perRound: number): MfaPlan {
  return {
    rounds: Array.from({ length: rounds }, (_, r) => ({
      challenge: {
        type: 'questions' as const,
        questions: Array.from(
          { length: perRound },
          (_, q) => `Question ${r + 1}.${q + 1}: what is your security answer?`,
        ),
      },
      answers: Array.from({ length: perRound }, (_, q) => `answer_${r + 1}_${q + 1}`),
    })),
  };
}

function selectionsPlan(rounds: number, perRound: number): MfaPlan {
  return {
    rounds: Array.from({ length: rounds }, (_, r) => ({
      challenge: {
        type: 'selections' as const,
        selections: Array.from({ length: perRound }, (_, q) => ({
          question: `Did you sign in from a new device today? (${r + 1}.${q + 1})`,
          answers: ['Yes', 'No'],
        })),
      },
      answers: Array.from({ length: perRound }, () => 'Yes'),
    })),
  };
}
