// What the scaffold flow needs from a UI: one quick pick or input box per step, each able to go Back.
// The VS Code implementation is in quickInput.ts; tests drive the flow with a scripted prompter.

export const BACK = Symbol('back');
export type Back = typeof BACK;

export interface StepInfo {
  readonly title: string;
  readonly step: number;
  readonly totalSteps: number;
}

export interface PickItem<T> {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  readonly value: T;
}

export interface PickRequest<T> extends StepInfo {
  readonly placeholder: string;
  readonly items: readonly PickItem<T>[];
  /** Item to highlight (the previous or default answer). */
  readonly active?: T;
}

export interface PickManyRequest<T> extends StepInfo {
  readonly placeholder: string;
  readonly items: readonly PickItem<T>[];
  readonly selected: readonly T[];
}

export interface InputRequest extends StepInfo {
  readonly prompt: string;
  readonly value: string;
  readonly placeholder?: string;
  /** Message shown under the box while the value is invalid; undefined when valid. */
  readonly validate: (value: string) => string | undefined;
}

/** Each call resolves to the answer, BACK, or undefined when the user cancelled (Escape). */
export interface Prompter {
  pick<T>(req: PickRequest<T>): Promise<T | Back | undefined>;
  pickMany<T>(req: PickManyRequest<T>): Promise<T[] | Back | undefined>;
  input(req: InputRequest): Promise<string | Back | undefined>;
}
