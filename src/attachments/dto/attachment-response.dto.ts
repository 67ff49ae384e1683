import { ApiProperty } from '@nestjs/swagger';
import { AttachmentViewDto } from '../../conversations/dto/conversation-response.dto';

export class UploadedAttachmentDto {
  @ApiProperty({ type: AttachmentViewDto, description: 'name its id in the next message’s attachmentIds' })
  attachment: AttachmentViewDto;
}
