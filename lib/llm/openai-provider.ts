import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { DraftProviderError, type DraftProvider } from '@/lib/domain/drafting/write-draft';
import { providerDraftSchema, type Prompt } from '@/lib/domain/drafting/types';

/**
 * Drafts through any OpenAI-compatible endpoint (OpenAI, Azure OpenAI, Ollama, LM Studio, vLLM)
 * with the `openai` client, from the background only: the key never leaves it. Chat Completions,
 * which local servers speak, with a JSON-schema answer, or JSON mode where the server has no
 * schema support; the answer is checked with zod by the caller either way.
 */
export interface OpenAiProviderOptions {
  baseUrl: string;
  apiKey: string | null;
  model: string;
  /** Chrome may cut a worker's fetch after about 30 s: give up before that. */
  timeoutMs?: number;
  /** Retries with backoff on 429, 5xx and connection errors (the client's own). */
  maxRetries?: number;
  fetch?: typeof fetch;
}

export interface ConnectionCheck {
  ok: boolean;
  message: string;
}

function describe(error: unknown): string {
  if (error instanceof DraftProviderError) return error.message;
  if (error instanceof OpenAI.APIConnectionTimeoutError) return 'it timed out';
  if (error instanceof OpenAI.RateLimitError) return 'it kept answering "too many requests" (429)';
  if (error instanceof OpenAI.AuthenticationError) return 'it refused the API key';
  if (error instanceof OpenAI.NotFoundError) return 'it does not know that model or URL';
  if (error instanceof OpenAI.InternalServerError) return `it answered with a server error (${error.status})`;
  if (error instanceof OpenAI.APIConnectionError) return 'it could not be reached';
  if (error instanceof OpenAI.APIError) return `it answered ${error.status ?? 'an error'}`;
  if (error instanceof SyntaxError) return 'its answer was not valid JSON';
  return 'it failed';
}

/** A 400 about the response format: the server has no JSON-schema support. */
function rejectsJsonSchema(error: unknown): boolean {
  return error instanceof OpenAI.BadRequestError && /response_format|json_schema|schema/i.test(error.message);
}

export function createOpenAiProvider(
  options: OpenAiProviderOptions,
): DraftProvider & { check(): Promise<ConnectionCheck> } {
  const client = new OpenAI({
    baseURL: options.baseUrl,
    // Local servers need no key, but the client insists on one.
    apiKey: options.apiKey ?? 'no-key',
    timeout: options.timeoutMs ?? 25_000,
    maxRetries: options.maxRetries ?? 2,
    // The key is the rep's own and stays in the extension's background.
    dangerouslyAllowBrowser: true,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const messages = (prompt: Prompt) => [
    { role: 'system' as const, content: prompt.system },
    { role: 'user' as const, content: prompt.user },
  ];
  const parse = (content: string | null | undefined): unknown => {
    if (!content) throw new DraftProviderError('its answer was empty');
    return JSON.parse(content.replace(/^```(?:json)?\s*|\s*```$/g, ''));
  };

  return {
    async complete(prompt) {
      try {
        try {
          const completion = await client.chat.completions.create({
            model: options.model,
            messages: messages(prompt),
            response_format: zodResponseFormat(providerDraftSchema, 'draft'),
          });
          return parse(completion.choices[0]?.message.content);
        } catch (error) {
          if (!rejectsJsonSchema(error)) throw error;
          const completion = await client.chat.completions.create({
            model: options.model,
            messages: messages(prompt),
            response_format: { type: 'json_object' },
          });
          return parse(completion.choices[0]?.message.content);
        }
      } catch (error) {
        throw new DraftProviderError(describe(error));
      }
    },

    async check() {
      try {
        const completion = await client.chat.completions.create({
          model: options.model,
          messages: [{ role: 'user', content: 'Reply with the word ready.' }],
          max_tokens: 5,
        });
        return { ok: true, message: `Connected: ${completion.model || options.model} answered.` };
      } catch (error) {
        return { ok: false, message: `The provider could not be used: ${describe(error)}.` };
      }
    },
  };
}
