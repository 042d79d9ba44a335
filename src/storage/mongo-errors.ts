// What MongoDB's errors mean to the store: only a duplicate `_id` is an answer rather than a failure.
import { MongoServerError } from 'mongodb';

export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}

export function ignoreDuplicate(error: unknown): void {
  if (!isDuplicateKey(error)) throw error;
}
